import { connect } from 'node:net';
import type { HttpLimits } from '@mdp/runtime/http-limits';
import { createLogger } from '@mdp/runtime/logger';
import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { type ApiDeps, createApiRoutes } from './api-routes';
import { createAuthenticator, parseApiKeys } from './auth';
import { ClientRegistry } from './clients';
import type { FeedCursor } from './feed-cursor';
import { createListener } from './http-listener';
import { createGatewayMetrics } from './metrics';
import type { OpenedStream, StreamHandlers } from './stream-opener';

const KEY = 'key-a-0123456789abcdef';
const auth = { authorization: `Bearer ${KEY}` };
const SECRET_TEXT = 'db password is hunter2';

/**
 * The gateway's HTTP listener and API routes with dependencies that throw on demand: a throw in one
 * client's handler must close that client only.
 */
function setup(limits?: HttpLimits) {
  const registry = createMetricsRegistry('gw-test');
  const metrics = createGatewayMetrics(registry);
  const lines: string[] = [];
  const logger = createLogger({ service: 'gw-test', destination: { write: (s: string) => lines.push(s) } });
  const clients = new ClientRegistry({ connectionsPerApp: 10, subscriptionsPerApp: 10 }, metrics);
  const keys = parseApiKeys(`${KEY}:app-a`);
  if (!keys.ok) throw new Error(keys.error);
  const faults = { topics: false, sseTake: false, readiness: false };
  let handlers: StreamHandlers | undefined;
  const cursor = {
    takeGap: () => undefined,
    take: () => {
      if (faults.sseTake) throw new Error(SECRET_TEXT);
      return [];
    },
    pending: () => 0,
  } as unknown as FeedCursor;
  const deps: ApiDeps = {
    authenticate: createAuthenticator(keys.value),
    resolver: {} as ApiDeps['resolver'],
    registry: {
      entries: () => {
        if (faults.topics) throw new Error(SECRET_TEXT);
        return new Map();
      },
    },
    isDynamicTopic: () => true,
    clients,
    webhooks: {} as ApiDeps['webhooks'],
    sse: {
      opener: async (_request, _appId, h): Promise<OpenedStream> => {
        handlers = h;
        return { topic: 'dyn.t', spec: {} as OpenedStream['spec'], cursor, start: [3, 4], close: () => {} };
      },
      clients,
      metrics,
      logger,
      keepAliveMs: limits ? 100 : 60_000,
      newId: () => 'sub-1',
    },
    metrics,
    logger,
    maxBodyBytes: 1024,
  };
  const api = createApiRoutes(deps);
  const listener = createListener({
    port: 0,
    ...(limits ? { limits } : {}),
    logger,
    registry,
    readiness: async () => {
      if (faults.readiness) throw new Error(SECRET_TEXT);
      return { ok: true, detail: {} };
    },
    beforeScrape: () => {},
    routes: (req, res) => api.handle(req, res),
    upgrade: (_req, socket) => socket.destroy(),
    onHandlerError: () => metrics.clientErrors.inc({ transport: 'http' }),
  });
  const errorsOf = async (transport: string) =>
    (await metrics.clientErrors.get()).values.find((v) => v.labels.transport === transport)?.value ?? 0;
  return { listener, faults, lines, errorsOf, handlers: () => handlers };
}

describe('a throw in one client handler', () => {
  let s: ReturnType<typeof setup>;
  let base = '';

  beforeEach(async () => {
    s = setup();
    base = `http://127.0.0.1:${await s.listener.start()}`;
  });
  afterEach(() => s.listener.stop(50));

  it('answers that request 500 with the standard body, logs the app id (not the key), counts it', async () => {
    s.faults.topics = true;
    const res = await fetch(`${base}/v1/topics`, { headers: auth });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"error":{"code":"internal_error","message":"internal error"}}');
    expect(await s.errorsOf('http')).toBe(1);
    const logged = s.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ appId: 'app-a', transport: 'http', level: 'error' }),
    );
    expect(s.lines.join('')).not.toContain(KEY);

    s.faults.topics = false;
    expect((await fetch(`${base}/v1/topics`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('in the listener itself logs the URL with its key redacted and counts it', async () => {
    s.faults.readiness = true;
    const res = await fetch(`${base}/readyz?api_key=${KEY}&token=t0ken-0123456789`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"error":{"code":"internal_error","message":"internal error"}}');
    expect(await s.errorsOf('http')).toBe(1);
    const text = s.lines.join('');
    expect(text).toContain('"url":"/readyz?api_key=[redacted]&token=[redacted]"');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('t0ken-0123456789');
  });

  it('ends only that SSE stream when it throws after its headers, whoever calls it', async () => {
    const res = await fetch(`${base}/v1/stream/sse?topic=dyn.t`, { headers: auth });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: ready');

    s.faults.sseTake = true;
    // The topic feed calls onReadable: the stream's own throw must not reach it.
    expect(() => s.handlers()?.onReadable()).not.toThrow();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read())
      rest += new TextDecoder().decode(r.value);
    expect(rest).toContain('event: error\ndata: {"code":"internal_error","message":"internal error"}');
    expect(rest).not.toContain(SECRET_TEXT);
    expect(await s.errorsOf('sse')).toBe(1);
    expect(s.lines.join('')).toContain('"appId":"app-a"');
    expect((await fetch(`${base}/v1/topics`, { headers: auth })).status).toBe(200);
  });
});

describe('a key in the query', () => {
  let s: ReturnType<typeof setup>;
  let base = '';

  beforeEach(async () => {
    s = setup();
    base = `http://127.0.0.1:${await s.listener.start()}`;
  });
  afterEach(() => s.listener.stop(50));

  it('is refused with 401 api_key_in_query outside SSE, even next to a header key', async () => {
    for (const headers of [{}, auth]) {
      const res = await fetch(`${base}/v1/topics?api_key=${KEY}`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'api_key_in_query' } });
    }
  });

  it('is accepted by the SSE GET, and its ready event carries the start position as id', async () => {
    const res = await fetch(`${base}/v1/stream/sse?topic=dyn.t&api_key=${KEY}`);
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^retry: 1000\nid: 3\.4\nevent: ready\n/);
    await reader.cancel();
  });
});

describe('the listener limits', () => {
  const limits = {
    headersTimeoutMs: 300,
    requestTimeoutMs: 400,
    keepAliveTimeoutMs: 500,
    maxHeaderBytes: 2048,
  };
  let s: ReturnType<typeof setup>;
  let port = 0;

  beforeEach(async () => {
    s = setup(limits);
    port = await s.listener.start();
  });
  afterEach(() => s.listener.stop(50));

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
