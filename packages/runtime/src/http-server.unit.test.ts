import { connect } from 'node:net';
import { createHealthServer, type HealthServer, type HealthServerOptions } from './http-server';
import { createLogger } from './logger';
import { counter, createMetricsRegistry } from './metrics';

const logger = createLogger({ service: 'http-test', level: 'silent' });

describe('createHealthServer', () => {
  let server: HealthServer | undefined;
  let base = '';

  async function start(opts: Partial<HealthServerOptions> = {}) {
    server = createHealthServer({ port: 0, host: '127.0.0.1', logger, ...opts });
    const port = await server.start();
    expect(port).toBeGreaterThan(0);
    base = `http://127.0.0.1:${port}`;
    return server;
  }

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('answers /healthz with 200 until a fatal flag is set', async () => {
    const s = await start();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    s.setFatal('kafka producer fenced');
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'fatal', reason: 'kafka producer fenced' });
  });

  it('answers /readyz with 200 only when every check passes, with details', async () => {
    let kafkaReady = false;
    await start({
      checks: [
        { name: 'kafka', check: () => ({ ok: kafkaReady, detail: kafkaReady ? 'connected' : 'connecting' }) },
        { name: 'registry', check: async () => true },
      ],
    });
    let res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not ready',
      checks: { kafka: { ok: false, detail: 'connecting' }, registry: { ok: true } },
    });
    kafkaReady = true;
    res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ready',
      checks: { kafka: { ok: true, detail: 'connected' } },
    });
  });

  it('fails checks that throw or hang', async () => {
    await start({
      checkTimeoutMs: 50,
      checks: [
        {
          name: 'db',
          check: () => {
            throw new Error('connection refused');
          },
        },
        { name: 'slow', check: () => new Promise<boolean>(() => {}) },
      ],
    });
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not ready',
      checks: { db: { ok: false, detail: 'connection refused' }, slow: { ok: false, detail: 'timeout' } },
    });
  });

  it('serves the metrics registry as Prometheus text', async () => {
    const registry = createMetricsRegistry('http-test', { defaultMetrics: false });
    counter(registry, { name: 'hits_total', help: 'hits' }).inc(3);
    await start({ metricsRegistry: registry });
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('hits_total{service="http-test"} 3');
  });

  it('exports the outcome of /readyz and counts its flips, for the readiness-flapping alert', async () => {
    const registry = createMetricsRegistry('http-test', { defaultMetrics: false });
    let ready = true;
    await start({ metricsRegistry: registry, checks: [{ name: 'kafka', check: () => ready }] });
    await fetch(`${base}/readyz`);
    ready = false;
    await fetch(`${base}/readyz`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('service_ready{service="http-test"} 0');
    expect(text).toContain('service_readiness_changes_total{to="not_ready",service="http-test"} 1');
  });

  it('lets services mount their own routes, and answers 404 otherwise', async () => {
    const s = await start({
      extraRoutes: [
        (req, res) => {
          if (req.url !== '/admin/topics') return false;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('[]');
          return true;
        },
      ],
    });
    s.addRoute(async (req) => {
      if (req.url !== '/boom') return false;
      throw new Error('handler bug');
    });
    expect(await (await fetch(`${base}/admin/topics`)).json()).toEqual([]);
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.text()).toBe('{"error":{"code":"internal_error","message":"internal error"}}');
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no such route' } });
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('rejects start when the port is taken, and stop is idempotent', async () => {
    const s = await start();
    const port = Number(new URL(base).port);
    const other = createHealthServer({ port, host: '127.0.0.1', logger });
    await expect(other.start()).rejects.toThrow(/EADDRINUSE/);
    await other.stop();
    await Promise.all([s.stop(), s.stop()]);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('cuts long-lived connections after the grace period on stop', async () => {
    const s = await start({
      closeGraceMs: 50,
      extraRoutes: [
        (req, res) => {
          if (req.url !== '/stream') return false;
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(': open\n\n');
          return true;
        },
      ],
    });
    const res = await fetch(`${base}/stream`);
    expect(res.status).toBe(200);
    await s.stop();
    await expect(res.text()).rejects.toThrow();
  });

  it('applies the configured limits: 431 for oversize headers, a slow header sender is cut', async () => {
    await start({
      limits: {
        headersTimeoutMs: 300,
        requestTimeoutMs: 1000,
        keepAliveTimeoutMs: 500,
        maxHeaderBytes: 2048,
      },
    });
    expect((await fetch(`${base}/healthz`, { headers: { 'x-big': 'a'.repeat(4096) } })).status).toBe(431);
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    socket.on('error', () => {});
    let received = '';
    socket.on('data', (d) => {
      received += d.toString('latin1');
    });
    const openedAt = Date.now();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 50);
    await new Promise((resolve) => socket.on('close', resolve));
    clearInterval(trickle);
    expect(Date.now() - openedAt).toBeLessThan(5_000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });
});
