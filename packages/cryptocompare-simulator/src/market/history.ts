import type { Candle } from './candle';
import { emptyCandle, minuteMs } from './candle';
import type { Random } from './random';
import { roundPrice } from './symbols';

export type HistoryParams = {
  rng: Random;
  /** Close of the last generated minute = price the live walk starts from. */
  endPrice: number;
  /** Start of the first live minute; history ends just before it. */
  endMs: number;
  minutes: number;
  volatility: number;
  meanMinuteVolume: number;
  /** Share of minutes without any trade. */
  emptyRatio: number;
};

/**
 * Minute candles leading up to `endPrice`, walked backwards from it so the live walk continues
 * exactly where history stops. Each candle opens at the previous close; empty minutes repeat it.
 */
export function generateMinuteHistory(params: HistoryParams): Candle[] {
  const { rng, minutes, volatility } = params;
  const closes = new Array<number>(minutes);
  const empty = new Array<boolean>(minutes);
  let price = params.endPrice;
  for (let i = minutes - 1; i >= 0; i--) {
    closes[i] = price;
    empty[i] = rng.next() < params.emptyRatio;
    // The price before minute i is its open; it equals the close when nothing traded.
    if (!empty[i]) price = roundPrice(price * Math.exp(-volatility * rng.normal()));
  }
  const firstOpen = price;
  const candles: Candle[] = [];
  const firstStart = params.endMs - minutes * minuteMs;
  for (let i = 0; i < minutes; i++) {
    const open = i === 0 ? firstOpen : (closes[i - 1] ?? firstOpen);
    const close = closes[i] ?? open;
    const start = firstStart + i * minuteMs;
    if (empty[i]) {
      candles.push(emptyCandle(start, open));
      continue;
    }
    const wick = () => Math.abs(volatility * rng.normal()) * 0.5;
    const volumeFrom = params.meanMinuteVolume * Math.exp(0.6 * rng.normal() - 0.18);
    candles.push({
      start,
      open,
      close,
      high: Math.max(open, close, roundPrice(Math.max(open, close) * (1 + wick()))),
      low: Math.min(open, close, roundPrice(Math.min(open, close) * (1 - wick()))),
      volumeFrom,
      volumeTo: (volumeFrom * (open + close)) / 2,
      trades: rng.int(1, 60),
    });
  }
  return candles;
}
