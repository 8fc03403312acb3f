import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { loadConfig } from './config';
import { DEFAULT_HTTP_LIMITS, httpLimitsShape, httpServerOptions } from './http-limits';

describe('httpLimitsShape', () => {
  it('reads the same four variables with defaults and durations in any unit', () => {
    expect(loadConfig(httpLimitsShape(), {})).toEqual(DEFAULT_HTTP_LIMITS);
    expect(
      loadConfig(httpLimitsShape(), {
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_REQUEST_TIMEOUT_MS: '60000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '750',
        HTTP_MAX_HEADER_BYTES: '4096',
      }),
    ).toEqual({
      headersTimeoutMs: 2000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 750,
      maxHeaderBytes: 4096,
    });
    expect(() => loadConfig(httpLimitsShape(), { HTTP_MAX_HEADER_BYTES: '10' })).toThrow(
      /HTTP_MAX_HEADER_BYTES/,
    );
  });

  it('caps the headers timeout at the request timeout (Node refuses a larger one)', () => {
    const options = httpServerOptions({
      ...DEFAULT_HTTP_LIMITS,
      headersTimeoutMs: 60_000,
      requestTimeoutMs: 5_000,
    });
    expect(options.headersTimeout).toBe(5_000);
    expect(() => createServer(options).close()).not.toThrow();
  });
});

describe('a server built with httpServerOptions', () => {
  let server: Server;
  let port = 0;
  const limits = {
    headersTimeoutMs: 300,
    requestTimeoutMs: 600,
    keepAliveTimeoutMs: 500,
    maxHeaderBytes: 2048,
  };

  beforeAll(async () => {
    server = createServer(httpServerOptions(limits), (req, res) => {
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const timer = setInterval(() => res.write(': tick\n\n'), 100);
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A raw socket and everything the server sends on it, until it closes. */
  function rawClient() {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => {
      received += d.toString('latin1');
    });
    const closed = new Promise<number>((resolve) => {
      const openedAt = Date.now();
      socket.on('close', () => resolve(Date.now() - openedAt));
    });
    socket.on('error', () => {});
    return { socket, closed, received: () => received };
  }

  it('cuts a client that never finishes its headers after the headers timeout', async () => {
    const client = rawClient();
    client.socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => client.socket.write('X-Slow: 1\r\n'), 50);
    const elapsed = await client.closed;
    clearInterval(trickle);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('answers oversize headers with 431', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-big': 'a'.repeat(4096) } });
    expect(res.status).toBe(431);
  });

  it('lets a streamed response (SSE) outlive the request timeout', async () => {
    const client = rawClient();
    client.socket.write('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, limits.requestTimeoutMs * 3));
    expect(client.socket.destroyed).toBe(false);
    const before = client.received().length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.received().length).toBeGreaterThan(before);
    expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
    client.socket.destroy();
  });
});
