import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { createGuardedServer } from './guarded-server';
import type { HttpLimits } from './http-limits';
import type { Logger } from './logger';
import { createReadinessMetrics } from './readiness-metrics';

export type CheckResult = { ok: boolean; detail?: unknown };
/** A readiness check: a boolean or `{ ok, detail }`, sync or async. Throwing or timing out fails it. */
export type ReadinessCheck = {
  name: string;
  check: () => boolean | CheckResult | Promise<boolean | CheckResult>;
};
/** A service's own route: returns true when it handled (answered) the request. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export type HealthServerOptions = {
  port: number;
  host?: string;
  logger: Logger;
  checks?: readonly ReadinessCheck[];
  metricsRegistry?: Registry;
  extraRoutes?: readonly RouteHandler[];
  /** A check slower than this fails with detail "timeout". Default 2000 ms. */
  checkTimeoutMs?: number;
  /** How long `stop()` lets open requests (SSE streams...) finish before cutting them. Default 2000 ms. */
  closeGraceMs?: number;
  /** Request timeouts and header size (`httpLimitsShape()` in the service's config). */
  limits?: HttpLimits;
};

/** The one error body of every service for an unexpected failure: never the exception's text. */
export { INTERNAL_ERROR_BODY } from './guarded-server';

export type HealthServer = {
  /** Resolves with the bound port (useful with port 0). */
  start(): Promise<number>;
  stop(): Promise<void>;
  /** Marks the process as broken beyond repair: /healthz answers 503 from now on. */
  setFatal(reason: string): void;
  addCheck(check: ReadinessCheck): void;
  addRoute(route: RouteHandler): void;
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: 'timeout' }), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(check.check), timeout]);
    return typeof result === 'boolean' ? { ok: result } : result;
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz` (alive), `/readyz` (every check passes), `/metrics` (Prometheus), plus the service's routes. */
export function createHealthServer(opts: HealthServerOptions): HealthServer {
  const checks = [...(opts.checks ?? [])];
  const routes = [...(opts.extraRoutes ?? [])];
  const checkTimeoutMs = opts.checkTimeoutMs ?? 2000;
  let fatal: string | undefined;
  const readiness = opts.metricsRegistry && createReadinessMetrics(opts.metricsRegistry);

  const builtIn: Record<string, (res: ServerResponse) => Promise<void>> = {
    '/healthz': async (res) =>
      sendJson(res, fatal ? 503 : 200, fatal ? { status: 'fatal', reason: fatal } : { status: 'ok' }),
    '/readyz': async (res) => {
      const results = await Promise.all(
        checks.map(async (c) => [c.name, await runCheck(c, checkTimeoutMs)] as const),
      );
      const ready = results.every(([, r]) => r.ok);
      readiness?.observe(ready);
      sendJson(res, ready ? 200 : 503, {
        status: ready ? 'ready' : 'not ready',
        checks: Object.fromEntries(results),
      });
    },
    '/metrics': async (res) => {
      if (!opts.metricsRegistry)
        return sendJson(res, 404, { error: { code: 'not_found', message: 'no metrics registry' } });
      const text = await opts.metricsRegistry.metrics();
      res.writeHead(200, { 'content-type': opts.metricsRegistry.contentType });
      res.end(text);
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = builtIn[path];
    if (route) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'GET only' } });
      return route(res);
    }
    for (const extra of routes) {
      if (await extra(req, res)) return;
    }
    sendJson(res, 404, { error: { code: 'not_found', message: 'no such route' } });
  };

  const server = createGuardedServer({ logger: opts.logger, limits: opts.limits, handle });

  let stopping: Promise<void> | undefined;
  return {
    start: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          opts.logger.info({ port }, 'http server listening');
          resolve(port);
        });
      }),
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        const force = setTimeout(() => server.closeAllConnections(), opts.closeGraceMs ?? 2000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return stopping;
    },
    setFatal: (reason) => {
      fatal ??= reason;
    },
    addCheck: (check) => {
      checks.push(check);
    },
    addRoute: (route) => {
      routes.push(route);
    },
  };
}
