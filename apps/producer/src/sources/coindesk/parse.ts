import { type Candle, CandleSchema, type PriceTick, PriceTickSchema } from '@mdp/contracts/market-data';
import { finiteNumber, isFields, nonNegativeInt } from '../../cryptocompare/field-values';
import type { ParseResult } from '../../cryptocompare/tick-parser';
import type { Pair } from '../../pairs';

const skip = <T>(reason: string): ParseResult<T> => ({ ok: false, reason });
const FLAGS: Readonly<Record<string, number>> = { UP: 1, DOWN: 2, UNCHANGED: 4 };

export function instrument(pair: Pair): string {
  return `${pair.base}-${pair.quote}`;
}

/** `Data` of a data-api answer, or null when the body is not the `{Data, Err}` envelope. */
export function dataOf(body: unknown): unknown {
  return isFields(body) && 'Data' in body ? body.Data : null;
}

/**
 * One entry of `/index/cc/v1/latest/tick` `Data` (keyed by instrument; `pair` is what was asked), or
 * one streamer tick message (same field names, FACTS.md; `origin` `stream`).
 */
export function parseLatestTick(
  entry: unknown,
  pair: Pair,
  origin: 'rest' | 'stream' = 'rest',
): ParseResult<PriceTick> {
  if (!isFields(entry)) return skip('not_object');
  if (entry.INSTRUMENT !== undefined && entry.INSTRUMENT !== instrument(pair))
    return skip('missing_identity');
  const price = finiteNumber(entry.VALUE);
  if (price === null || price <= 0) return skip('bad_price');
  const seconds = nonNegativeInt(entry.VALUE_LAST_UPDATE_TS);
  if (seconds === null || seconds === 0) return skip('bad_update_time');
  const ns = nonNegativeInt(entry.VALUE_LAST_UPDATE_TS_NS);
  const ts = seconds * 1000 + (ns !== null && ns < 1e9 ? Math.floor(ns / 1e6) : 0);
  const seq = nonNegativeInt(entry.LAST_UPDATE_CCSEQ) ?? nonNegativeInt(entry.CCSEQ);
  const checked = PriceTickSchema.safeParse({
    ...pair,
    price,
    ts,
    tradeId: seq === null ? '' : String(seq),
    lastVolume: finiteNumber(entry.LAST_UPDATE_QUANTITY),
    lastVolumeTo: finiteNumber(entry.LAST_UPDATE_QUOTE_QUANTITY),
    volumeDay: finiteNumber(entry.CURRENT_DAY_VOLUME),
    volumeDayTo: finiteNumber(entry.CURRENT_DAY_QUOTE_VOLUME),
    volume24h: finiteNumber(entry.MOVING_24_HOUR_VOLUME),
    volume24hTo: finiteNumber(entry.MOVING_24_HOUR_QUOTE_VOLUME),
    openDay: finiteNumber(entry.CURRENT_DAY_OPEN),
    highDay: finiteNumber(entry.CURRENT_DAY_HIGH),
    lowDay: finiteNumber(entry.CURRENT_DAY_LOW),
    open24h: finiteNumber(entry.MOVING_24_HOUR_OPEN),
    high24h: finiteNumber(entry.MOVING_24_HOUR_HIGH),
    low24h: finiteNumber(entry.MOVING_24_HOUR_LOW),
    bid: null,
    ask: null,
    median: null,
    flags: typeof entry.VALUE_FLAG === 'string' ? (FLAGS[entry.VALUE_FLAG] ?? null) : null,
    origin,
  });
  return checked.success ? { ok: true, value: checked.data } : skip('invalid');
}

/** One row of `/index/cc/v1/historical/minutes` `Data`. */
export function parseMinuteRow(row: unknown, pair: Pair): ParseResult<Candle> {
  if (!isFields(row)) return skip('not_object');
  if (row.INSTRUMENT !== undefined && row.INSTRUMENT !== instrument(pair)) return skip('missing_identity');
  const seconds = nonNegativeInt(row.TIMESTAMP);
  if (seconds === null || seconds === 0 || (seconds * 1000) % 60_000 !== 0) return skip('bad_time');
  const [open, high, low, close] = [row.OPEN, row.HIGH, row.LOW, row.CLOSE].map(finiteNumber);
  if (open === 0 && high === 0 && low === 0 && close === 0) return skip('no_trades_yet');
  const checked = CandleSchema.safeParse({
    ...pair,
    start: seconds * 1000,
    open,
    high,
    low,
    close,
    volumeFrom: finiteNumber(row.VOLUME) ?? 0,
    volumeTo: finiteNumber(row.QUOTE_VOLUME) ?? 0,
    trades: nonNegativeInt(row.TOTAL_INDEX_UPDATES),
    origin: 'rest',
  });
  return checked.success ? { ok: true, value: checked.data } : skip('invalid');
}
