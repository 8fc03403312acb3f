import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './logger';

const routes = new WeakMap<IncomingMessage, string>();

/**
 * Names the route pattern a request matched (`/v1/topics/:name`), for its access log line: logs and
 * their aggregation then group by route, not by whatever ids or text a client put in the path.
 */
export function setRoute(req: IncomingMessage, pattern: string): void {
  routes.set(req, pattern);
}

/**
 * A readable pattern for a route matched by a regular expression: `^\/v1\/webhooks\/([\w-]+)$`
 * becomes `/v1/webhooks/:param` (anchors dropped, each capture group a parameter).
 */
export function patternOf(route: RegExp): string {
  return route.source
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\((?:[^()]|\([^()]*\))*\)/g, ':param')
    .replace(/\\(.)/g, '$1');
}

/** The route pattern named for a request; its path (never the query) when no route named one. */
export function routeOf(req: IncomingMessage): string {
  const named = routes.get(req);
  if (named) return named;
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  return queryAt >= 0 ? url.slice(0, queryAt) : url;
}

/** Probes and scrapes, every few seconds from every supervisor: logged at debug, not info. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One line per request once its response ends or its connection closes: method, route pattern,
 * status and duration in ms. No query string, so no `api_key` or `token` ever reaches the log.
 */
export function logAccess(logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  const startedAt = performance.now();
  let logged = false;
  const log = () => {
    if (logged) return;
    logged = true;
    const route = routeOf(req);
    const line = {
      method: req.method,
      route,
      status: res.headersSent ? res.statusCode : 0,
      ms: Math.round(performance.now() - startedAt),
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    if (QUIET_ROUTES.has(route)) logger.debug(line, 'http request');
    else logger.info(line, 'http request');
  };
  res.once('finish', log);
  res.once('close', log);
}
