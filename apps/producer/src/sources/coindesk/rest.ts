import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import { ApiError, isApiError } from '../../cryptocompare/api-error';
import { isFields } from '../../cryptocompare/field-values';
import type { RestClient } from '../../cryptocompare/rest-client';
import type { Pair } from '../../pairs';
import { dataOf, instrument, parseLatestTick, parseMinuteRow } from './parse';

const MINUTE = 60_000;
/** `instruments` takes at most 25 per call; `limit` at most 2000 rows. */
export const MAX_INSTRUMENTS = 25;
const MAX_ROWS = 2000;

export type Skipped = Record<string, number>;
const count = (skipped: Skipped, reason: string) => {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
};

/** Latest index ticks of `pairs` (one call per 25 instruments); the first error stops the rest. */
export async function fetchLatestTicks(
  client: RestClient,
  market: string,
  pairs: readonly Pair[],
  signal?: AbortSignal,
): Promise<{ ticks: PriceTick[]; skipped: Skipped; error: ApiError | null }> {
  const ticks: PriceTick[] = [];
  const skipped: Skipped = {};
  for (let i = 0; i < pairs.length; i += MAX_INSTRUMENTS) {
    const chunk = pairs.slice(i, i + MAX_INSTRUMENTS);
    let data: unknown;
    try {
      data = dataOf(
        await client.getJson(
          '/index/cc/v1/latest/tick',
          { market, instruments: chunk.map(instrument).join(',') },
          signal,
        ),
      );
    } catch (e) {
      if (!isApiError(e)) throw e;
      return { ticks, skipped, error: e };
    }
    if (!isFields(data))
      return {
        ticks,
        skipped,
        error: new ApiError('unexpected_shape', 'latest/tick answer has no Data object'),
      };
    for (const pair of chunk) {
      const entry = data[instrument(pair)];
      if (entry === undefined) {
        count(skipped, 'missing_in_answer');
        continue;
      }
      const r = parseLatestTick(entry, pair);
      if (r.ok) ticks.push(r.value);
      else count(skipped, r.reason);
    }
  }
  return { ticks, skipped, error: null };
}

/** Index minute candles for the minute starts in [fromMs, toMs], paging backwards with `to_ts`. */
export async function fetchIndexMinutes(
  client: RestClient,
  market: string,
  pair: Pair,
  fromMs: number,
  toMs: number,
  signal?: AbortSignal,
): Promise<{ candles: Candle[]; skipped: Skipped; pendingToMs: number | null; error: ApiError | null }> {
  const out = new Map<number, Candle>();
  const skipped: Skipped = {};
  const from = fromMs - (fromMs % MINUTE);
  let to = toMs - (toMs % MINUTE);
  while (to >= from) {
    const limit = Math.max(1, Math.min(MAX_ROWS, (to - from) / MINUTE + 1));
    let rows: unknown;
    try {
      rows = dataOf(
        await client.getJson(
          '/index/cc/v1/historical/minutes',
          {
            market,
            instrument: instrument(pair),
            limit: String(limit),
            to_ts: String(to / 1000),
            fill: 'true',
          },
          signal,
        ),
      );
    } catch (e) {
      if (!isApiError(e)) throw e;
      return { candles: sorted(out), skipped, pendingToMs: to, error: e };
    }
    if (!Array.isArray(rows)) {
      const error = new ApiError('unexpected_shape', 'historical/minutes answer has no Data array');
      return { candles: sorted(out), skipped, pendingToMs: to, error };
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      const r = parseMinuteRow(row, pair);
      if (!r.ok) {
        count(skipped, r.reason);
        continue;
      }
      earliest = Math.min(earliest, r.value.start);
      if (r.value.start >= from && r.value.start <= to && !out.has(r.value.start))
        out.set(r.value.start, r.value);
    }
    // Nothing at or before `to`, or fewer rows than asked: there is no older data.
    if (!(earliest <= to) || earliest > to - (limit - 1) * MINUTE) break;
    to = earliest - MINUTE;
  }
  return { candles: sorted(out), skipped, pendingToMs: null, error: null };
}

function sorted(map: Map<number, Candle>): Candle[] {
  return [...map.values()].sort((a, b) => a.start - b.start);
}
