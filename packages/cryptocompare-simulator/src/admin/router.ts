import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '@mdp/runtime/http-error';
import { readBody } from '@mdp/runtime/http-json';
import { z } from 'zod';
import type { Clock } from '../clock';
import type { EmittedLog } from '../emitted';
import type { Faults } from '../faults';
import { faultSpecSchema } from '../faults';
import { sendJson } from '../http-util';
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

/**
 * Test and operator endpoints under /_sim/: ground truth, faults, state. Never faulted or limited.
 * Refusals throw `HttpError`: the platform's one error body, `{"error":{"code","message"}}`.
 */
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
      const spec = faultSpecSchema.safeParse(await jsonBody(req));
      if (!spec.success) throw invalid(spec.error);
      const { droppedSockets } = deps.faults.set(spec.data);
      return sendJson(res, 200, { ok: true, droppedSockets, faults: deps.faults.state() });
    }
    case 'POST /_sim/pairs':
      return activatePairs(req, res, deps.market);
    default:
      throw new HttpError(404, 'not_found', 'no such admin route');
  }
}

function emitted(res: ServerResponse, url: URL, log: EmittedLog): void {
  const parsed = emittedQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw invalid(parsed.error);
  const { kind, ...query } = parsed.data;
  sendJson(res, 200, {
    latestSeq: log.latestSeq(),
    ticks: kind === 'candles' ? [] : log.ticks(query),
    candles: kind === 'ticks' ? [] : log.candles(query),
  });
}

async function activatePairs(req: IncomingMessage, res: ServerResponse, market: Market): Promise<void> {
  const parsed = pairsSchema.safeParse(await jsonBody(req));
  if (!parsed.success) throw invalid(parsed.error);
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

const invalid = (error: z.ZodError) => new HttpError(400, 'invalid_request', z.prettifyError(error));

/** A JSON body of any content type (`curl -d` sends a form type); empty counts as `{}`. */
async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, 64 * 1024)).toString('utf8');
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
}
