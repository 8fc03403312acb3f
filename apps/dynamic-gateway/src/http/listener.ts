import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createGuardedServer } from '@mdp/runtime/guarded-server';
import type { HttpLimits } from '@mdp/runtime/http-limits';
import type { Logger } from '@mdp/runtime/logger';
import type { Registry } from '@mdp/runtime/metrics';
import { createReadinessMetrics } from '@mdp/runtime/readiness-metrics';
import { redactUrl } from '@mdp/runtime/redact-url';
import { sendJson } from './io';

export type Readiness = () => Promise<{ ok: boolean; detail: Record<string, unknown> }>;

export type ListenerOptions = {
  port: number;
  logger: Logger;
  registry: Registry;
  readiness: Readiness;
  /** Called before every /metrics scrape (gauges computed on demand). */
  beforeScrape(): void;
  routes(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Request timeouts and header size (HTTP_* variables). */
  limits?: HttpLimits;
  /** Counts a handler's unexpected throw (the routes count their own, with the app id). */
  onHandlerError?(): void;
};

/**
 * Port 8080: the apps' API, the WebSocket upgrade, /healthz, /readyz and /metrics on one listener.
 * (The runtime's health server has no upgrade hook, which a WebSocket endpoint needs; this listener
 * answers the same three endpoints the same way.)
 */
export function createListener(opts: ListenerOptions) {
  const readiness = createReadinessMetrics(opts.registry);
  const builtIn: Record<string, (res: ServerResponse) => Promise<void>> = {
    '/healthz': async (res) => sendJson(res, 200, { status: 'ok' }),
    '/readyz': async (res) => {
      // A readiness that throws answers 500: not ready to a probe, so not ready in the metric too.
      const r = await opts.readiness().catch((error: unknown) => {
        readiness.observe(false);
        throw error;
      });
      readiness.observe(r.ok);
      sendJson(res, r.ok ? 200 : 503, { status: r.ok ? 'ready' : 'not ready', checks: r.detail });
    },
    '/metrics': async (res) => {
      opts.beforeScrape();
      const text = await opts.registry.metrics();
      res.writeHead(200, { 'content-type': opts.registry.contentType });
      res.end(text);
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    const route = builtIn[path];
    if (route) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'GET only' } });
      return route(res);
    }
    if (await opts.routes(req, res)) return;
    sendJson(res, 404, { error: { code: 'not_found', message: 'no such route' } });
  };

  const server = createGuardedServer({
    logger: opts.logger,
    limits: opts.limits,
    handle,
    onHandlerError: opts.onHandlerError,
  });
  server.on('upgrade', (req, socket, head) => {
    try {
      opts.upgrade(req, socket, head);
    } catch (e) {
      opts.logger.error({ err: e, url: redactUrl(req.url) }, 'websocket upgrade failed');
      socket.destroy();
    }
  });

  let stopping: Promise<void> | undefined;
  return {
    start: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, '0.0.0.0', () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          opts.logger.info({ port }, 'http server listening');
          resolve(port);
        });
      }),
    /** Stops accepting; open streams are ended by the app first, stragglers are cut after `graceMs`. */
    stop: (graceMs = 2000) => {
      stopping ??= new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return stopping;
    },
  };
}
