// One OHLC period (a minute or an hour). `open` is the last price before the period started, so a
// period without trades has OHLC = previous close and zero volume, as the real histo endpoints show.

export type Candle = {
  /** Period start, ms. */
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeFrom: number;
  volumeTo: number;
  trades: number;
  /** Trade-level details, only for periods built from live ticks (type-24 frames carry them). */
  firstTs?: number;
  lastTs?: number;
  firstPrice?: number;
  maxPrice?: number;
  minPrice?: number;
};

export const minuteMs = 60_000;
export const hourMs = 3_600_000;
export const dayMs = 86_400_000;

export function emptyCandle(start: number, previousClose: number): Candle {
  return {
    start,
    open: previousClose,
    high: previousClose,
    low: previousClose,
    close: previousClose,
    volumeFrom: 0,
    volumeTo: 0,
    trades: 0,
  };
}

export type Trade = { price: number; volumeFrom: number; volumeTo: number; tsSeconds: number };

export function addTrade(candle: Candle, trade: Trade): void {
  candle.high = Math.max(candle.high, trade.price);
  candle.low = Math.min(candle.low, trade.price);
  candle.close = trade.price;
  candle.volumeFrom += trade.volumeFrom;
  candle.volumeTo += trade.volumeTo;
  candle.trades += 1;
  candle.firstTs ??= trade.tsSeconds;
  candle.firstPrice ??= trade.price;
  candle.lastTs = trade.tsSeconds;
  candle.maxPrice = Math.max(candle.maxPrice ?? trade.price, trade.price);
  candle.minPrice = Math.min(candle.minPrice ?? trade.price, trade.price);
}

/** Adds a finished smaller period (a minute) into a larger one (an hour). */
export function absorbCandle(into: Candle, part: Candle): void {
  into.high = Math.max(into.high, part.high);
  into.low = Math.min(into.low, part.low);
  into.close = part.close;
  into.volumeFrom += part.volumeFrom;
  into.volumeTo += part.volumeTo;
  into.trades += part.trades;
}

/** Several consecutive periods as one (histo `aggregate`). */
export function mergeCandles(start: number, parts: readonly Candle[]): Candle | null {
  const first = parts[0];
  if (!first) return null;
  const merged = emptyCandle(start, first.open);
  for (const part of parts) absorbCandle(merged, part);
  return merged;
}

export function floorTo(ms: number, periodMs: number): number {
  return Math.floor(ms / periodMs) * periodMs;
}
