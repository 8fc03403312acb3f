import type { Candle } from './candle';
import { emptyCandle, minuteMs } from './candle';
import type { Random } from './random';
import { roundPrice } from './symbols';

export type HistoryParams = {
  /** A generator used for history only, so live ticks never depend on what history was read. */
  rng: Random;
  /** Close of the minute before the first live one = price the live walk starts from. */
  endPrice: number;
  /** Start of the first live minute; history ends just before it. */
  endMs: number;
  volatility: number;
  meanMinuteVolume: number;
  /** Share of minutes without any trade. */
  emptyRatio: number;
};

/** History is made in fixed chunks, always in the same order, so it is the same whoever asks first. */
export const historyChunkMinutes = 720;

/**
 * Minute candles before the live walk, walked backwards from its start price so live data continues
 * exactly where history stops. Each candle opens at the previous close; empty minutes repeat it.
 */
export class HistoryGenerator {
  /** Start of the oldest minute generated so far. */
  oldestStart: number;
  /** Open of the oldest minute generated so far (= close of the minute before it). */
  private priceBefore: number;

  constructor(private readonly params: HistoryParams) {
    this.oldestStart = params.endMs;
    this.priceBefore = params.endPrice;
  }

  /** The next chunk further back, chronological. */
  nextChunk(): Candle[] {
    const { rng, volatility } = this.params;
    const minutes = historyChunkMinutes;
    const closes = new Array<number>(minutes);
    const empty = new Array<boolean>(minutes);
    let price = this.priceBefore;
    for (let i = minutes - 1; i >= 0; i--) {
      closes[i] = price;
      empty[i] = rng.next() < this.params.emptyRatio;
      // The price before minute i is its open; it equals the close when nothing traded.
      if (!empty[i]) price = roundPrice(price * Math.exp(-volatility * rng.normal()));
    }
    const firstStart = this.oldestStart - minutes * minuteMs;
    const candles: Candle[] = [];
    let open = price;
    for (let i = 0; i < minutes; i++) {
      const close = closes[i] ?? open;
      const start = firstStart + i * minuteMs;
      candles.push(empty[i] ? emptyCandle(start, open) : this.tradedMinute(start, open, close));
      open = close;
    }
    this.priceBefore = price;
    this.oldestStart = firstStart;
    return candles;
  }

  private tradedMinute(start: number, open: number, close: number): Candle {
    const { rng, volatility } = this.params;
    const wick = () => Math.abs(volatility * rng.normal()) * 0.5;
    const volumeFrom = this.params.meanMinuteVolume * Math.exp(0.6 * rng.normal() - 0.18);
    const top = Math.max(open, close);
    const bottom = Math.min(open, close);
    return {
      start,
      open,
      close,
      high: Math.max(top, roundPrice(top * (1 + wick()))),
      low: Math.min(bottom, roundPrice(bottom * (1 - wick()))),
      volumeFrom,
      volumeTo: (volumeFrom * (open + close)) / 2,
      trades: rng.int(1, 60),
    };
  }
}
