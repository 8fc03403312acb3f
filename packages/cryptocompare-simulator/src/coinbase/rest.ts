import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import type { SimEvent } from '../events';
import type { Faults } from '../faults';
import { send, sendJson, sleep } from '../http-util';
import { minuteMs } from '../market/candle';
import type { Market } from '../market/market';
import type { RateLimiter } from '../rate-limiter';
import { coinbaseMarket, productPair, tradeTime } from './shapes';

export type CoinbaseRestDeps = {
  market: Market;
  clock: Clock;
  limiter: RateLimiter;
  faults: Faults;
  notify(event: SimEvent): void;
};

/** Coinbase answers at most 300 candles; a wider range is an error (400). */
const maxCandles = 300;
const PATH = /^\/coinbase\/products\/([A-Za-z0-9]{1,15}-[A-Za-z0-9]{1,15})\/(ticker|candles)$/;

/**
 * Coinbase Exchange's public REST shapes (apps/producer/src/sources/coinbase/FACTS.md) over the same
 * market model: `/coinbase/products/{id}/ticker` and `/coinbase/products/{id}/candles`. Same fault
 * injection as min-api (status, delay, malformed body) and the same per-IP budget, answered the way
 * Coinbase does: HTTP 429 with `{"message": ...}`.
 */
export async function handleCoinbaseRest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: CoinbaseRestDeps,
): Promise<void> {
  const status = deps.faults.takeStatus();
  if (status !== null) {
    deps.notify({ event: 'rest.fault_status', path: url.pathname, status });
    return sendJson(res, status, { message: 'simulated failure' });
  }
  const delayMs = deps.faults.takeDelayMs();
  if (delayMs > 0) await sleep(delayMs);
  if (req.method !== 'GET') return sendJson(res, 405, { message: 'method not allowed' });
  const match = PATH.exec(url.pathname);
  const pair = match?.[1] ? productPair(match[1]) : null;
  if (!match || !pair) return sendJson(res, 404, { message: 'NotFound' });
  const caller = `ip:${req.socket.remoteAddress ?? 'unknown'}`;
  const check = deps.limiter.hit(caller);
  if (!check.allowed) {
    deps.notify({ event: 'rest.rate_limited', path: url.pathname, callsMade: check.callsMade });
    res.setHeader('retry-after', '1');
    return sendJson(res, 429, { message: 'Public rate limit exceeded' });
  }
  if (!deps.market.activate(coinbaseMarket, pair.base, pair.quote))
    return sendJson(res, 404, { message: 'NotFound' });
  const body = match[2] === 'ticker' ? ticker(deps, pair) : candles(deps, pair, url.searchParams);
  if (body.status !== 200) return sendJson(res, body.status, body.body);
  if (deps.faults.takeMalformed() !== null) {
    deps.notify({ event: 'rest.fault_malformed', path: url.pathname, kind: 'truncated' });
    const text = JSON.stringify(body.body);
    return send(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), 'application/json');
  }
  return sendJson(res, 200, body.body);
}

type Answer = { status: number; body: unknown };

function ticker(deps: CoinbaseRestDeps, pair: { base: string; quote: string }): Answer {
  const snap = deps.market.snapshot(coinbaseMarket, pair.base, pair.quote);
  if (!snap) return { status: 404, body: { message: 'NotFound' } };
  return {
    status: 200,
    body: {
      ask: String(snap.price),
      bid: String(snap.price),
      volume: String(snap.volume24h),
      trade_id: Number(snap.lastTradeId),
      price: String(snap.price),
      size: String(snap.lastVolume),
      time: tradeTime(snap.lastUpdate),
    },
  };
}

function candles(deps: CoinbaseRestDeps, pair: { base: string; quote: string }, q: URLSearchParams): Answer {
  if (q.get('granularity') !== '60') return { status: 400, body: { message: 'Unsupported granularity' } };
  const now = deps.clock.now();
  const end = Math.min(Date.parse(q.get('end') ?? '') || now, now);
  const start = Date.parse(q.get('start') ?? '') || end - (maxCandles - 1) * minuteMs;
  const from = start - (start % minuteMs);
  const to = end - (end % minuteMs);
  if (to < from) return { status: 400, body: { message: 'start must be before end' } };
  if ((to - from) / minuteMs + 1 > maxCandles)
    return { status: 400, body: { message: 'granularity too small for the requested time range' } };
  const rows: number[][] = [];
  // Newest first; minutes without trades are left out, as Coinbase does.
  for (let t = to; t >= from; t -= minuteMs) {
    const c = deps.market.minute(coinbaseMarket, pair.base, pair.quote, t);
    if (!c || c.volumeFrom === 0) continue;
    rows.push([t / 1000, c.low, c.high, c.open, c.close, c.volumeFrom]);
  }
  return { status: 200, body: rows };
}
