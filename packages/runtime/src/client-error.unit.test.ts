import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { answerClientErrors } from './client-error';
import { httpServerOptions } from './http-limits';

/** Sends raw bytes, resolves with everything the server wrote before closing. */
function rawExchange(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d) => {
      received += d.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
  });
}

const jsonBody = (response: string): unknown => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

describe('answerClientErrors', () => {
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    const options = httpServerOptions({
      headersTimeoutMs: 300,
      requestTimeoutMs: 1_000,
      keepAliveTimeoutMs: 1_000,
      maxHeaderBytes: 2048,
    });
    server = createServer(options, (_req, res) => res.end('ok'));
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ['a lowercase method', 'get / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a raw non-ASCII byte in the target', Buffer.from('GET /\xff HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')],
    ['no HTTP at all', '\u0000\u0001\u0002 hello\r\n\r\n'],
  ])('answers %s with 400 and a JSON error code, quoting nothing back', async (_name, bytes) => {
    const response = await rawExchange(port, bytes);
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(response).toMatch(/content-type: application\/json/i);
    expect(jsonBody(response)).toEqual({ error: { code: 'bad_request', message: 'malformed HTTP request' } });
  });

  it('answers oversize headers with 431 and a code', async () => {
    const response = await rawExchange(
      port,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4096)}\r\n\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(jsonBody(response)).toMatchObject({ error: { code: 'headers_too_large' } });
  });

  it('answers a client too slow to send its headers with 408 and a code', async () => {
    const response = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(jsonBody(response)).toMatchObject({ error: { code: 'request_timeout' } });
  });
});
