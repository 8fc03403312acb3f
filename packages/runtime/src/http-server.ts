import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Registry } from 'prom-client';
import { setRoute } from './access-log';
import { createGuardedServer } from './guarded-server';
import { methodNotAllowed, notFound } from './http-error';
import { sendError, sendJson } from './http-json';
import type { HttpLimits } from './http-limits';
import type { Logger } from './logger';
import { createReadinessMetrics } from './readiness-metrics';
import { redactUrl } from './redact-url';

export type CheckResult = { ok: boolean; detail?: unknown };
/** A readiness check: a boolean or `{ ok, detail }`, sync or async. Throwing or timing out fails it. */
export type ReadinessCheck = {
  name: string;
  check: () => boolean | CheckResult | Promise<boolean | CheckResult>;
  /** False: shown in /readyz but not required (a dependency the service works without). Default true. */
  required?: boolean;
};
/**
 * A service's own route: returns true when it handled (answered) the request. It may throw an
 * `HttpError` (answered as such) and name its pattern with `setRoute` for the access log.
 */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
/** Takes over a connection asking for `Upgrade:` (a WebSocket); a throw destroys the socket. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

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
  /** Without it, an `Upgrade:` request is refused by Node (the socket is closed). */
  upgrade?: UpgradeHandler;
  /** Runs before every /metrics scrape (gauges computed on demand). */
  beforeScrape?(): void;
  /** Called once per request whose handler threw unexpectedly (for a metric). */
  onHandlerError?(): void;
};

/** The one error body of every service for an unexpected failure: never the exception's text. */
export { INTERNAL_ERROR_BODY } from './http-error';

export type HealthServer = {
  /** Resolves with the bound port (useful with port 0). */
  start(): Promise<number>;
  stop(): Promise<void>;
  /** Marks the process as broken beyond repair: /healthz answers 503 from now on. */
  setFatal(reason: string): void;
  addCheck(check: ReadinessCheck): void;
  addRoute(route: RouteHandler): void;
};

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

/**
 * `/healthz` (alive), `/readyz` (every required check passes), `/metrics` (Prometheus), plus the
 * service's routes (`extraRoutes`, `addRoute`) and its `Upgrade:` hook, on one guarded server.
 */
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
      const required = new Set(checks.filter((c) => c.required !== false).map((c) => c.name));
      const ready = results.every(([name, r]) => r.ok || !required.has(name));
      readiness?.observe(ready);
      sendJson(res, ready ? 200 : 503, {
        status: ready ? 'ready' : 'not ready',
        checks: Object.fromEntries(results),
      });
    },
    '/metrics': async (res) => {
      if (!opts.metricsRegistry) return sendError(res, notFound());
      opts.beforeScrape?.();
      const text = await opts.metricsRegistry.metrics();
      res.writeHead(200, { 'content-type': opts.metricsRegistry.contentType });
      res.end(text);
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = builtIn[path];
    if (route) {
      setRoute(req, path);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendError(res, methodNotAllowed(['GET', 'HEAD']));
      return route(res);
    }
    for (const extra of routes) {
      if (await extra(req, res)) return;
    }
    setRoute(req, '(unmatched)');
    sendError(res, notFound());
  };

  const server = createGuardedServer({
    logger: opts.logger,
    limits: opts.limits,
    handle,
    onHandlerError: opts.onHandlerError,
  });
  const upgrade = opts.upgrade;
  if (upgrade)
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // A client that resets mid-handshake must end only its socket: an 'error' with no listener
      // would be thrown as an uncaught exception (a hook that answers 503 with socket.end has none).
      socket.on('error', () => socket.destroy());
      try {
        upgrade(req, socket, head);
      } catch (e) {
        opts.logger.error({ err: e, url: redactUrl(req.url) }, 'upgrade failed');
        socket.destroy();
      }
    });

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
