import { type Candle, CandleSchema, type PriceTick, PriceTickSchema } from '@mdp/contracts/market-data';
import { finiteNumber, isFields, nonNegativeInt } from '../../cryptocompare/field-values';
import type { Origin, ParseResult } from '../../cryptocompare/tick-parser';
import type { Pair } from '../../pairs';

/** The market Coinbase Exchange data is published under. */
export const COINBASE_MARKET = 'COINBASE';
const MINUTE = 60_000;
const PRODUCT = /^([A-Z0-9]{1,15})-([A-Z0-9]{1,15})$/;
/** ISO 8601 UTC as Coinbase writes it (`2022-10-19T23:28:22.061769Z`); offsets are not accepted. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

const skip = <T>(reason: string): ParseResult<T> => ({ ok: false, reason });

export function productId(pair: Pair): string {
  return `${pair.base}-${pair.quote}`;
}

function pairOf(product: unknown): Pair | null {
  if (typeof product !== 'string' || product.length > 31) return null;
  const m = PRODUCT.exec(product);
  return m?.[1] && m[2] ? { market: COINBASE_MARKET, base: m[1], quote: m[2] } : null;
}

function timeMs(value: unknown): number | null {
  if (typeof value !== 'string' || !ISO_UTC.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function tick(pair: Pair, f: Record<string, unknown>, origin: Origin, extra: Partial<PriceTick>) {
  const price = finiteNumber(f.price);
  if (price === null || price <= 0) return skip<PriceTick>('bad_price');
  const ts = timeMs(f.time);
  if (ts === null) return skip<PriceTick>('bad_update_time');
  const tradeId = nonNegativeInt(f.trade_id);
  const candidate = {
    ...pair,
    price,
    ts,
    tradeId: tradeId === null ? '' : String(tradeId),
    lastVolume: null,
    lastVolumeTo: null,
    volumeDay: null,
    volumeDayTo: null,
    volume24h: null,
    volume24hTo: null,
    openDay: null,
    highDay: null,
    lowDay: null,
    open24h: null,
    high24h: null,
    low24h: null,
    bid: finiteNumber(f.bid ?? f.best_bid),
    ask: finiteNumber(f.ask ?? f.best_ask),
    median: null,
    flags: null,
    origin,
    ...extra,
  };
  const checked = PriceTickSchema.safeParse(candidate);
  return checked.success ? { ok: true as const, value: checked.data } : skip<PriceTick>('invalid');
}

/** A WebSocket `ticker` message (one per match). */
export function parseTickerMessage(message: unknown): ParseResult<PriceTick> {
  if (!isFields(message)) return skip('not_object');
  const pair = pairOf(message.product_id);
  if (!pair) return skip('missing_identity');
  const lastSize = finiteNumber(message.last_size);
  const price = finiteNumber(message.price);
  return tick(pair, message, 'stream', {
    lastVolume: lastSize,
    lastVolumeTo: lastSize !== null && price !== null ? lastSize * price : null,
    volume24h: finiteNumber(message.volume_24h),
    open24h: finiteNumber(message.open_24h),
    high24h: finiteNumber(message.high_24h),
    low24h: finiteNumber(message.low_24h),
  });
}

/** The REST `GET /products/{id}/ticker` answer (it does not name the product: the caller knows it). */
export function parseRestTicker(body: unknown, pair: Pair): ParseResult<PriceTick> {
  if (!isFields(body)) return skip('not_object');
  const size = finiteNumber(body.size);
  const price = finiteNumber(body.price);
  return tick({ market: COINBASE_MARKET, base: pair.base, quote: pair.quote }, body, 'rest', {
    lastVolume: size,
    lastVolumeTo: size !== null && price !== null ? size * price : null,
    volume24h: finiteNumber(body.volume),
  });
}

/** One candle row `[time, low, high, open, close, volume]` (time in unix seconds, the minute start). */
export function parseCandleRow(row: unknown, pair: Pair): ParseResult<Candle> {
  if (!Array.isArray(row) || row.length < 6) return skip('not_row');
  const [time, low, high, open, close, volume] = row.slice(0, 6).map(finiteNumber);
  if (time === null || time === undefined || !Number.isSafeInteger(time * 1000)) return skip('bad_time');
  const start = time * 1000;
  if (start <= 0 || start % MINUTE !== 0) return skip('bad_time');
  if (close === null || close === undefined || volume === null || volume === undefined)
    return skip('invalid');
  const checked = CandleSchema.safeParse({
    market: COINBASE_MARKET,
    base: pair.base,
    quote: pair.quote,
    start,
    open,
    high,
    low,
    close,
    volumeFrom: volume,
    // Coinbase gives no quote volume: an estimate at the close (FACTS.md).
    volumeTo: volume * close,
    trades: null,
    origin: 'rest',
  });
  return checked.success ? { ok: true, value: checked.data } : skip('invalid');
}

/**
 * Candles for every minute in [fromMs, toMs]: Coinbase leaves minutes without trades out; they are
 * filled with the previous close and volume 0 (CryptoCompare's convention) so the topic has no hole.
 * Minutes before the first known close (`previousClose` or a candle of the answer) stay missing.
 */
export function fillMinutes(
  candles: readonly Candle[],
  pair: Pair,
  fromMs: number,
  toMs: number,
  previousClose: number | null,
): Candle[] {
  const byStart = new Map(candles.map((c) => [c.start, c]));
  const out: Candle[] = [];
  const before = candles.filter((c) => c.start < fromMs).sort((a, b) => b.start - a.start)[0];
  let close = before?.close ?? previousClose;
  for (let t = fromMs; t <= toMs; t += MINUTE) {
    const real = byStart.get(t);
    if (real) {
      out.push(real);
      close = real.close;
    } else if (close !== null) {
      out.push({
        market: COINBASE_MARKET,
        base: pair.base,
        quote: pair.quote,
        start: t,
        open: close,
        high: close,
        low: close,
        close,
        volumeFrom: 0,
        volumeTo: 0,
        trades: null,
        origin: 'rest',
      });
    }
  }
  return out;
}
