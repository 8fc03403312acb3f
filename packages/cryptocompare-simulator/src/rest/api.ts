import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import type { SimEvent } from '../events';
import type { Faults } from '../faults';
import { apiKeyOf, send, sendJson, sendNginxError, sleep } from '../http-util';
import type { Market } from '../market/market';
import type { RateLimiter } from '../rate-limiter';
import { pathError, rateLimitError, success, unauthorizedBody } from './envelope';
import { histoMinute } from './histo-minute';
import { malform } from './malform';
import { priceMultiFull } from './price-multi-full';

export type ApiDeps = {
  market: Market;
  clock: Clock;
  limiter: RateLimiter;
  faults: Faults;
  apiKey: string | undefined;
  notify(event: SimEvent): void;
};

type Route = (query: URLSearchParams, deps: ApiDeps) => unknown;

const routes: Record<string, Route> = {
  '/data/pricemultifull': (query, deps) => priceMultiFull(query, deps.market),
  '/data/v2/histominute': (query, deps) => histoMinute(query, deps.market, deps.clock),
};

/** The min-api surface: faults first, then key, rate limit, route, and finally body faults. */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: ApiDeps,
): Promise<void> {
  const status = deps.faults.takeStatus();
  if (status !== null) {
    deps.notify({ event: 'rest.fault_status', path: url.pathname, status });
    if (status === 401) return sendJson(res, 401, unauthorizedBody);
    return sendNginxError(res, status);
  }
  const delayMs = deps.faults.takeDelayMs();
  if (delayMs > 0) await sleep(delayMs);
  if (req.method !== 'GET') return sendJson(res, 405, pathError());
  const key = apiKeyOf(req.headers, url.searchParams);
  if (deps.apiKey !== undefined && key !== deps.apiKey) {
    deps.notify({ event: 'rest.unauthorized', path: url.pathname });
    return sendJson(res, 401, unauthorizedBody);
  }
  const caller = key ?? `ip:${req.socket.remoteAddress ?? 'unknown'}`;
  if (url.pathname === '/stats/rate/limit') return sendJson(res, 200, rateLimitStats(deps.limiter, caller));
  const route = routes[url.pathname];
  if (!route) return sendJson(res, 404, pathError());
  const check = deps.limiter.hit(caller);
  if (!check.allowed) {
    deps.notify({ event: 'rest.rate_limited', path: url.pathname, callsMade: check.callsMade });
    return sendJson(res, 200, rateLimitError(check.callsMade, check.maxCalls));
  }
  const body = route(url.searchParams, deps);
  const kind = deps.faults.takeMalformed();
  if (kind === null) return sendJson(res, 200, body);
  deps.notify({ event: 'rest.fault_malformed', path: url.pathname, kind });
  const broken = malform(kind, body);
  send(res, 200, broken.text, broken.contentType);
}

/** GET /stats/rate/limit: calls made and left per window (not counted as a call itself). */
function rateLimitStats(limiter: RateLimiter, caller: string) {
  const { callsMade, maxCalls } = limiter.peek(caller);
  const windows = ['second', 'minute', 'hour', 'day', 'month'] as const;
  const made: Record<string, number> = {};
  const left: Record<string, number> = {};
  for (const window of windows) {
    made[window] = callsMade[window];
    left[window] = Math.max(0, maxCalls[window] - callsMade[window]);
  }
  return success({ calls_made: made, calls_left: left });
}
