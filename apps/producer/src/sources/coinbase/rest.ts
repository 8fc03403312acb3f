import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import { ApiError, isApiError } from '../../cryptocompare/api-error';
import type { RestClient } from '../../cryptocompare/rest-client';
import type { Pair } from '../../pairs';
import { fillMinutes, parseCandleRow, parseRestTicker, productId } from './parse';

const MINUTE = 60_000;
/** Coinbase answers at most 300 candles per call; a few minutes before each page give the previous close. */
const PAGE_MINUTES = 280;
const LOOKBACK_MINUTES = 10;

export type MinutesOutcome = {
  candles: Candle[];
  skipped: Record<string, number>;
  /** Minutes [fromMs, pendingToMs] are still missing (an error stopped the paging). */
  pendingToMs: number | null;
  error: ApiError | null;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Minute candles of `pair` for the minute starts in [fromMs, toMs], paging forwards. */
export async function fetchCoinbaseMinutes(
  client: RestClient,
  pair: Pair,
  fromMs: number,
  toMs: number,
  signal?: AbortSignal,
): Promise<MinutesOutcome> {
  const out: Candle[] = [];
  const skipped: Record<string, number> = {};
  let from = fromMs - (fromMs % MINUTE);
  const to = toMs - (toMs % MINUTE);
  while (from <= to) {
    const pageTo = Math.min(to, from + (PAGE_MINUTES - 1) * MINUTE);
    let rows: unknown;
    try {
      rows = await client.getJson(
        `/products/${productId(pair)}/candles`,
        { granularity: '60', start: iso(from - LOOKBACK_MINUTES * MINUTE), end: iso(pageTo) },
        signal,
      );
    } catch (e) {
      if (!isApiError(e)) throw e;
      return { candles: out, skipped, pendingToMs: to, error: e };
    }
    if (!Array.isArray(rows)) {
      const error = new ApiError('unexpected_shape', 'candles answer is not an array');
      return { candles: out, skipped, pendingToMs: to, error };
    }
    const parsed: Candle[] = [];
    for (const row of rows) {
      const r = parseCandleRow(row, pair);
      if (r.ok) parsed.push(r.value);
      else skipped[r.reason] = (skipped[r.reason] ?? 0) + 1;
    }
    const previousClose = out.length > 0 ? (out[out.length - 1]?.close ?? null) : null;
    out.push(...fillMinutes(parsed, pair, from, pageTo, previousClose));
    from = pageTo + MINUTE;
  }
  return { candles: out, skipped, pendingToMs: null, error: null };
}

/** The latest trade of a product (`GET /products/{id}/ticker`). */
export async function fetchCoinbaseTicker(
  client: RestClient,
  pair: Pair,
  signal?: AbortSignal,
): Promise<{ tick: PriceTick | null; skipped: string | null }> {
  const body = await client.getJson(`/products/${productId(pair)}/ticker`, {}, signal);
  const r = parseRestTicker(body, pair);
  return r.ok ? { tick: r.value, skipped: null } : { tick: null, skipped: r.reason };
}
