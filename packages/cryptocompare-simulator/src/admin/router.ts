import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Clock } from '../clock';
import type { EmittedLog } from '../emitted';
import type { Faults } from '../faults';
import { faultSpecSchema } from '../faults';
import { readBody, sendJson } from '../http-util';
import type { Market } from '../market/market';
import { aggregateMarket, parsePair } from '../market/symbols';
import type { RateLimiter } from '../rate-limiter';

export type AdminDeps = {
  market: Market;
  clock: Clock;
  emitted: EmittedLog;
  faults: Faults;
  limiter: RateLimiter;
  socketCount(): number;
};

const emittedQuerySchema = z.strictObject({
  since: z.coerce.number().int().min(0).optional(),
  sinceMs: z.coerce.number().int().min(0).optional(),
  pair: z.string().max(40).optional(),
  market: z.string().max(40).optional(),
  kind: z.enum(['ticks', 'candles', 'all']).default('all'),
  limit: z.coerce.number().int().positive().max(1_000_000).optional(),
});

const pairsSchema = z.strictObject({
  pairs: z.array(z.string().max(40)).min(1).max(1000),
  market: z.string().max(40).optional(),
});

/** Test and operator endpoints under /_sim/: ground truth, faults, state. Never faulted or limited. */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: AdminDeps,
): Promise<void> {
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/$/, '')}`;
  switch (route) {
    case 'GET /_sim/health':
      return sendJson(res, 200, { ok: true });
    case 'GET /_sim/state':
      return sendJson(res, 200, {
        nowMs: deps.clock.now(),
        pairs: deps.market.activePairs(),
        sockets: deps.socketCount(),
        faults: deps.faults.state(),
        rateLimit: deps.limiter.maxCalls(),
        latestSeq: deps.emitted.latestSeq(),
      });
    case 'GET /_sim/emitted':
      return emitted(res, url, deps.emitted);
    case 'DELETE /_sim/emitted':
      deps.emitted.clear();
      return sendJson(res, 200, { ok: true });
    case 'GET /_sim/faults':
      return sendJson(res, 200, deps.faults.state());
    case 'DELETE /_sim/faults':
      deps.faults.clear();
      return sendJson(res, 200, { ok: true, faults: deps.faults.state() });
    case 'POST /_sim/faults': {
      const body = await jsonBody(req);
      if (!body.ok) return sendJson(res, 400, body);
      const spec = faultSpecSchema.safeParse(body.value);
      if (!spec.success) return sendJson(res, 400, { ok: false, error: z.prettifyError(spec.error) });
      const { droppedSockets } = deps.faults.set(spec.data);
      return sendJson(res, 200, { ok: true, droppedSockets, faults: deps.faults.state() });
    }
    case 'POST /_sim/pairs':
      return activatePairs(req, res, deps.market);
    default:
      return sendJson(res, 404, { ok: false, error: `no admin route ${route}` });
  }
}

function emitted(res: ServerResponse, url: URL, log: EmittedLog): void {
  const parsed = emittedQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    sendJson(res, 400, { ok: false, error: z.prettifyError(parsed.error) });
    return;
  }
  const { kind, ...query } = parsed.data;
  sendJson(res, 200, {
    latestSeq: log.latestSeq(),
    ticks: kind === 'candles' ? [] : log.ticks(query),
    candles: kind === 'ticks' ? [] : log.candles(query),
  });
}

async function activatePairs(req: IncomingMessage, res: ServerResponse, market: Market): Promise<void> {
  const body = await jsonBody(req);
  if (!body.ok) return sendJson(res, 400, body);
  const parsed = pairsSchema.safeParse(body.value);
  if (!parsed.success) return sendJson(res, 400, { ok: false, error: z.prettifyError(parsed.error) });
  const rejected: string[] = [];
  for (const text of parsed.data.pairs) {
    const pair = parsePair(text);
    if (!pair || !market.activate(parsed.data.market ?? aggregateMarket, pair.base, pair.quote))
      rejected.push(text);
  }
  sendJson(res, rejected.length ? 400 : 200, {
    ok: rejected.length === 0,
    rejected,
    pairs: market.activePairs(),
  });
}

type JsonBody = { ok: true; value: unknown } | { ok: false; error: string };

async function jsonBody(req: IncomingMessage): Promise<JsonBody> {
  const text = await readBody(req, 64 * 1024);
  if (text === null) return { ok: false, error: 'body larger than 64 KiB' };
  try {
    return { ok: true, value: text.trim() === '' ? {} : JSON.parse(text) };
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
}
