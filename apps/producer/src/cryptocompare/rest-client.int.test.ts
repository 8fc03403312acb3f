import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRedactor } from '../secret';
import { ApiError } from './api-error';
import { createRateLimiter } from './rate-limiter';
import { createRestClient } from './rest-client';

const KEY = 'super-secret-key-0123456789';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end('{}');
let server: Server;
let baseUrl: string;
const seenAuth: Array<string | undefined> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenAuth.push(req.headers.authorization);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(over: { timeoutMs?: number; maxBodyBytes?: number } = {}) {
  const limiter = createRateLimiter({ perSecond: 1000, perMinute: 10_000, perHour: 100_000 });
  const c = createRestClient({
    baseUrl,
    apiKey: KEY,
    timeoutMs: over.timeoutMs ?? 2_000,
    maxBodyBytes: over.maxBodyBytes ?? 10_000,
    limiter,
    redact: createRedactor([KEY]),
  });
  return { c, limiter };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect(String((e as Error).message)).not.toContain(KEY);
    return e as ApiError;
  }
  throw new Error('expected a failure');
}

describe('REST client against a misbehaving server', () => {
  it('sends the key as Authorization: Apikey and never in the query', async () => {
    let url = '';
    handler = (req, res) => {
      url = req.url ?? '';
      res.end('{"RAW":{}}');
    };
    const { c } = client();
    await expect(c.getJson('/data/pricemultifull', { fsyms: 'BTC', tsyms: 'USD' })).resolves.toEqual({
      RAW: {},
    });
    expect(seenAuth.at(-1)).toBe(`Apikey ${KEY}`);
    expect(url).toBe('/data/pricemultifull?fsyms=BTC&tsyms=USD');
    await c.close();
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'http_status'],
    [500, 'server_error'],
    [503, 'server_error'],
  ])('HTTP %i is %s', async (status, kind) => {
    handler = (req, res) => {
      res.statusCode = status;
      // Servers echo requests: the key must still never reach our error.
      res.end(`<html>error for ${req.headers.authorization}</html>`);
    };
    const { c } = client();
    expect((await failure(c.getJson('/x', {}))).kind).toBe(kind);
    await c.close();
  });

  it('HTTP 429 uses Retry-After', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'retry-after': '3' }).end();
    };
    const { c } = client();
    expect((await failure(c.getJson('/x', {}))).details).toMatchObject({ status: 429, retryAfterMs: 3_000 });
    await c.close();
  });

  it('HTTP 200 with a Type 99 envelope blocks the limiter for the wait the numbers give', async () => {
    handler = (_req, res) => {
      res.end(
        JSON.stringify({
          Response: 'Error',
          Message: 'You are over your rate limit please upgrade your account!',
          Type: 99,
          RateLimit: { calls_made: { second: 21 }, max_calls: { second: 20 } },
          Data: {},
        }),
      );
    };
    const { c, limiter } = client();
    const e = await failure(c.getJson('/x', {}));
    expect(e.kind).toBe('rate_limited');
    expect(limiter.waitMs()).toBeGreaterThan(0);
    expect(limiter.waitMs()).toBeLessThanOrEqual(1_000);
    await c.close();
  });

  it('non-JSON (an HTML page, a truncated body) is invalid_json', async () => {
    const { c } = client();
    handler = (_req, res) => res.end('<html>502 Bad Gateway</html>');
    expect((await failure(c.getJson('/x', {}))).kind).toBe('invalid_json');
    handler = (_req, res) => res.end('{"RAW":{"BTC":{"USD":{"PRICE":1');
    expect((await failure(c.getJson('/x', {}))).kind).toBe('invalid_json');
    await c.close();
  });

  it('oversized bodies are refused, declared or streamed', async () => {
    const { c } = client({ maxBodyBytes: 1_000 });
    handler = (_req, res) => res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
    expect((await failure(c.getJson('/x', {}))).kind).toBe('too_large');
    handler = (_req, res) => {
      res.write('['.repeat(800));
      res.end('1'.repeat(800));
    };
    expect((await failure(c.getJson('/x', {}))).kind).toBe('too_large');
    await c.close();
  });

  it('a server that does not answer in time is a timeout; an abort is not an API error', async () => {
    handler = () => undefined;
    const { c } = client({ timeoutMs: 300 });
    expect((await failure(c.getJson('/x', {}))).kind).toBe('timeout');
    const abort = new AbortController();
    const pending = c.getJson('/x', {}, abort.signal);
    abort.abort(new Error('stopping'));
    await expect(pending).rejects.toThrow('stopping');
    await c.close();
  });

  it('a refused connection is a network error without the key', async () => {
    const limiter = createRateLimiter({ perSecond: 10, perMinute: 10, perHour: 10 });
    const c = createRestClient({
      baseUrl: 'http://127.0.0.1:1',
      apiKey: KEY,
      timeoutMs: 1_000,
      maxBodyBytes: 1_000,
      limiter,
      redact: createRedactor([KEY]),
    });
    expect((await failure(c.getJson('/x', {}))).kind).toBe('network');
    await c.close();
  });
});
