import { connect } from 'node:net';
import { createHealthServer } from '@mdp/runtime/http-server';
import { createLogger } from '@mdp/runtime/logger';
import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { auth, stubGateway } from '../testing/stub-gateway';

describe('an error emitted on a request or response', () => {
  it('stays with that request: no uncaught exception, the listener keeps serving', async () => {
    const registry = createMetricsRegistry('gw-test');
    const logger = createLogger({ service: 'gw-test', level: 'silent' });
    const listener = createHealthServer({
      port: 0,
      logger,
      metricsRegistry: registry,
      closeGraceMs: 50,
      extraRoutes: [
        async (req, res) => {
          // As a reset socket or a write after end would, later than any try/catch around the handler.
          setImmediate(() => {
            req.emit('error', new Error('request stream failed'));
            res.emit('error', new Error('response stream failed'));
            res.end();
          });
          return true;
        },
      ],
      upgrade: (_req, socket) => socket.destroy(),
    });
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const base = `http://127.0.0.1:${await listener.start()}`;
      await fetch(`${base}/v1/anything`).then((r) => r.text());
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await listener.stop();
    }
  });
});

describe('the listener limits', () => {
  const limits = {
    headersTimeoutMs: 300,
    requestTimeoutMs: 400,
    keepAliveTimeoutMs: 500,
    maxHeaderBytes: 2048,
  };
  let s: ReturnType<typeof stubGateway>;
  let port = 0;

  beforeEach(async () => {
    s = stubGateway(limits);
    port = await s.listener.start();
  });
  afterEach(() => s.listener.stop());

  it('answers oversize headers with 431 and cuts a client that never finishes its headers', async () => {
    const big = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { 'x-big': 'a'.repeat(4096) } });
    expect(big.status).toBe(431);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    let received = '';
    socket.on('data', (d) => {
      received += d.toString('latin1');
    });
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 50);
    const openedAt = Date.now();
    await new Promise((resolve) => socket.on('close', resolve));
    clearInterval(trickle);
    expect(Date.now() - openedAt).toBeLessThan(5_000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('lets an SSE stream outlive the request timeout', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/stream/sse?topic=dyn.t`, { headers: auth });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const openedAt = Date.now();
    let text = '';
    // Keep-alive comments keep coming well past the request timeout: the stream is still open.
    while (Date.now() - openedAt < limits.requestTimeoutMs * 4) {
      const r = await reader.read();
      expect(r.done).toBe(false);
      text += new TextDecoder().decode(r.value);
    }
    expect(text).toContain(': keep-alive');
    await reader.cancel();
  });
});

describe('a refused path or method', () => {
  it('is answered with a code and never quotes the path back', async () => {
    const s = stubGateway();
    const base = `http://127.0.0.1:${await s.listener.start()}`;
    try {
      const marker = 'zz-client-chosen-text';
      for (const [method, path, status] of [
        ['GET', `/${marker}`, 404],
        ['GET', `/v1/${marker}`, 404],
        ['PUT', '/v1/topics', 405],
      ] as const) {
        const res = await fetch(`${base}${path}?q=${marker}`, { method, headers: auth });
        expect(res.status).toBe(status);
        const body = await res.text();
        expect(JSON.parse(body)).toMatchObject({ error: { code: expect.any(String) } });
        expect(body).not.toContain(marker);
        expect(body).not.toContain(method);
      }
    } finally {
      await s.listener.stop();
    }
  });
});
