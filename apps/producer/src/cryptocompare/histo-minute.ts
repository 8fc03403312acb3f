import type { Candle } from '@mdp/contracts/market-data';
import { AGGREGATE_MARKET } from '@mdp/contracts/symbols';
import type { Pair } from '../pairs';
import { ApiError, isApiError } from './api-error';
import { parseHistoPoint } from './candle-parser';
import { isFields } from './field-values';
import type { RestClient } from './rest-client';
import type { Origin } from './tick-parser';

export const MINUTE_MS = 60_000;
/** The API never returns more than 2000 (+1) points per call. */
export const MAX_POINTS_PER_CALL = 2000;

export type HistoOutcome = {
  /** Candles in [fromMs, toMs], ascending, one per minute start. */
  candles: Candle[];
  skipped: Record<string, number>;
  /** When not null, minutes [fromMs, pendingToMs] are still missing (an error stopped the paging). */
  pendingToMs: number | null;
  error: ApiError | null;
};

/**
 * Minute candles of `pair` for the minute starts in [fromMs, toMs], paging backwards with `toTs`
 * (each call returns `limit + 1` points ending at `toTs`).
 */
export async function fetchMinuteCandles(
  client: RestClient,
  pair: Pair,
  fromMs: number,
  toMs: number,
  signal?: AbortSignal,
  origin: Origin = 'rest',
): Promise<HistoOutcome> {
  const out = new Map<number, Candle>();
  const skipped: Record<string, number> = {};
  let to = toMs - (toMs % MINUTE_MS);
  const from = fromMs - (fromMs % MINUTE_MS);
  while (to >= from) {
    const wanted = (to - from) / MINUTE_MS + 1;
    const limit = Math.max(1, Math.min(MAX_POINTS_PER_CALL, wanted - 1));
    const q: Record<string, string> = {
      fsym: pair.base,
      tsym: pair.quote,
      limit: String(limit),
      toTs: String(to / 1000),
    };
    if (pair.market !== AGGREGATE_MARKET) q.e = pair.market;
    let points: unknown[];
    try {
      points = pointsOf(await client.getJson('/data/v2/histominute', q, signal));
    } catch (e) {
      if (!isApiError(e)) throw e;
      // Asking beyond the kept history (7 days) names toTs: nothing older can be filled.
      if (e.kind === 'bad_param' && e.details.param === 'toTs') break;
      return { candles: sorted(out), skipped, pendingToMs: to, error: e };
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const point of points) {
      const parsed = parseHistoPoint(point, pair, origin);
      if (!parsed.ok) {
        skipped[parsed.reason] = (skipped[parsed.reason] ?? 0) + 1;
        continue;
      }
      const { start } = parsed.value;
      if (start < earliest) earliest = start;
      if (start >= from && start <= to && !out.has(start)) out.set(start, parsed.value);
    }
    // No usable point at or before `to`, or the page starts later than asked: nothing older exists.
    if (!(earliest <= to) || earliest > to - limit * MINUTE_MS) break;
    to = earliest - MINUTE_MS;
  }
  return { candles: sorted(out), skipped, pendingToMs: null, error: null };
}

function pointsOf(body: unknown): unknown[] {
  // v2: { Data: { Data: [...] } }; the deprecated v1 shape had the array at Data.
  if (isFields(body) && isFields(body.Data) && Array.isArray(body.Data.Data)) return body.Data.Data;
  if (isFields(body) && Array.isArray(body.Data)) return body.Data;
  throw new ApiError('unexpected_shape', 'histominute answer has no Data array');
}

function sorted(map: Map<number, Candle>): Candle[] {
  return [...map.values()].sort((a, b) => a.start - b.start);
}
