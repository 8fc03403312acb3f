import { type Candle, CandleSchema } from '@mdp/contracts/market-data';
import type { Pair } from '../pairs';
import { epochMsFromSeconds, finiteNumber, isFields, nameString, nonNegativeInt } from './field-values';
import type { Origin, ParseResult } from './tick-parser';

export type CandleSkipReason =
  | 'not_object'
  | 'missing_identity'
  | 'not_minute'
  | 'bad_time'
  | 'no_trades_yet'
  | 'invalid';

function skip<T>(reason: CandleSkipReason): ParseResult<T> {
  return { ok: false, reason };
}

type Ohlcv = { start: unknown; open: unknown; high: unknown; low: unknown; close: unknown };

function build(
  pair: Pair,
  v: Ohlcv & { volumeFrom: unknown; volumeTo: unknown; trades: unknown },
  origin: Origin,
): ParseResult<Candle> {
  const start = epochMsFromSeconds(v.start);
  if (start === null || start % 60_000 !== 0) return skip('bad_time');
  const [open, high, low, close] = [v.open, v.high, v.low, v.close].map(finiteNumber);
  // A pair with no trade yet reports zeros (type-24 ACTION "I", histominute before listing).
  if (open === 0 && high === 0 && low === 0 && close === 0) return skip('no_trades_yet');
  const candidate = {
    market: pair.market,
    base: pair.base,
    quote: pair.quote,
    start,
    open,
    high,
    low,
    close,
    volumeFrom: finiteNumber(v.volumeFrom),
    volumeTo: finiteNumber(v.volumeTo),
    trades: nonNegativeInt(v.trades),
    origin,
  };
  const checked = CandleSchema.safeParse(candidate);
  return checked.success ? { ok: true, value: checked.data } : skip('invalid');
}

/** One point of `/data/v2/histominute` (`time` is the period start, in seconds). */
export function parseHistoPoint(point: unknown, pair: Pair, origin: Origin): ParseResult<Candle> {
  if (!isFields(point)) return skip('not_object');
  return build(
    pair,
    {
      start: point.time,
      open: point.open,
      high: point.high,
      low: point.low,
      close: point.close,
      volumeFrom: point.volumefrom,
      volumeTo: point.volumeto,
      trades: undefined,
    },
    origin,
  );
}

/** A type-24 OHLC frame of the `m` unit; hour and day candles are not this topic's data. */
export function parseOhlcFrame(frame: unknown): ParseResult<Candle> {
  if (!isFields(frame)) return skip('not_object');
  const market = nameString(frame.MARKET, 30);
  const base = nameString(frame.FROMSYMBOL, 15);
  const quote = nameString(frame.TOSYMBOL, 15);
  if (!market || !base || !quote) return skip('missing_identity');
  if (frame.UNIT !== undefined && frame.UNIT !== 'm') return skip('not_minute');
  return build(
    { market: market.toUpperCase(), base: base.toUpperCase(), quote: quote.toUpperCase() },
    {
      start: frame.TS,
      open: frame.OPEN,
      high: frame.HIGH,
      low: frame.LOW,
      close: frame.CLOSE,
      volumeFrom: frame.VOLUMEFROM,
      volumeTo: frame.VOLUMETO,
      trades: frame.TOTALTRADES,
    },
    'stream',
  );
}
