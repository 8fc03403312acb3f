import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendHttp } from './http-sender';
import { createFrameReader, encodeFrame, type ServerFrame } from './ws-frame-codec';

describe('the raw WebSocket frame codec', () => {
  test.each([0, 125, 126, 65_535, 70_000])('a %i-byte unmasked frame reads back as written', (size) => {
    const payload = Buffer.alloc(size, 7);
    const frames: ServerFrame[] = [];
    const read = createFrameReader((f) => frames.push(f));
    const bytes = encodeFrame({ fin: true, opcode: 0x1, payload, masked: false, rsv: 0 });
    // Delivered in two pieces, as TCP may.
    read(bytes.subarray(0, 3));
    read(bytes.subarray(3));
    expect(frames).toEqual([{ opcode: 0x1, payload }]);
  });

  test('a masked frame carries the mask bit, the key, and the payload XORed with it', () => {
    const payload = Buffer.from('{"type":"ping"}');
    const bytes = encodeFrame({ fin: false, opcode: 0x1, payload, masked: true, rsv: 4 });
    expect(bytes[0]).toBe(0x40 | 0x1);
    expect(bytes[1]).toBe(0x80 | payload.length);
    const mask = bytes.subarray(2, 6);
    const unmasked = Buffer.from(bytes.subarray(6).map((b, i) => b ^ (mask[i % 4] as number)));
    expect(unmasked.toString()).toBe('{"type":"ping"}');
  });
});

describe('the raw HTTP sender', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (req.url === '/chunked') {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.write('{"error":{"code":"bad');
          res.end('_thing","message":"x"}}');
          return;
        }
        res.writeHead(body.length > 0 ? 404 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body.length > 0 ? { error: { code: `got_${body.length}` } } : {}));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const base = {
    kind: 'hostile-body' as const,
    method: 'POST',
    target: '/x',
    headers: [] as [string, string][],
  };

  test('reads the status and the JSON error code, past a 100 Continue and a chunked body', async () => {
    const continued = await sendHttp(
      port,
      { ...base, headers: [['expect', '100-continue']], body: Buffer.from('abc') },
      5_000,
    );
    expect(continued).toMatchObject({ kind: 'status', status: 404, code: 'got_3' });
    const chunked = await sendHttp(port, { ...base, target: '/chunked' }, 5_000);
    expect(chunked).toMatchObject({ kind: 'status', status: 400, code: 'bad_thing' });
  });

  test('a slow sender dribbles its request and still gets its answer', async () => {
    const started = Date.now();
    const answer = await sendHttp(
      port,
      { ...base, body: Buffer.from('x'.repeat(50)), slow: { chunkBytes: 1, pauseMs: 20 } },
      10_000,
    );
    expect(answer).toMatchObject({ kind: 'status', status: 404, code: 'got_50' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  test('no answer in time is reported as such', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const answer = await sendHttp((silent.address() as AddressInfo).port, { ...base, method: 'GET' }, 300);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    expect(answer).toEqual({ kind: 'no-answer', reason: 'timeout' });
  });
});
