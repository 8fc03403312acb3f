import type { Candle } from './candle';
import { absorbCandle, addTrade, dayMs, emptyCandle, floorTo, hourMs, minuteMs } from './candle';
import { HistoryGenerator, historyChunkMinutes } from './history';
import { MinuteStore } from './minute-store';
import type { Random } from './random';
import { roundPrice } from './symbols';

export type SeriesParams = {
  base: string;
  quote: string;
  rng: Random;
  /** A separate generator for history, so reading history never changes the live walk. */
  historyRng: Random;
  startPrice: number;
  nowMs: number;
  /** Ticks per second this pair gets (to scale per-tick moves and sizes to per-minute ones). */
  tickRate: number;
  volatility: number;
  meanMinuteVolume: number;
  /** How far back minutes are served (retention). */
  historyMinutes: number;
  lastMarkets: readonly string[];
};

// FLAGS bits (CryptoCompare CURRENT flags).
export const flagBits = {
  priceUp: 1,
  priceDown: 2,
  priceUnchanged: 4,
  medianUp: 512,
  medianDown: 1024,
  medianUnchanged: 2048,
};

/** The aggregate-index (CCCAGG) state of one pair: last trade, median, minute and hour periods. */
export class PairSeries {
  readonly base: string;
  readonly quote: string;
  price: number;
  /** Price before the last tick (exchange views derive their flags from it). */
  previousPrice: number;
  median: number;
  lastUpdate: number;
  lastVolume = 0;
  lastVolumeTo = 0;
  lastMarket: string;
  flags: number = flagBits.priceUnchanged | flagBits.medianUnchanged;
  tradeSeq = 0;
  readonly tradeIdBase: number;
  /** Closed minutes, contiguous; history is added in front lazily, when someone reads it. */
  private readonly minutes = new MinuteStore();
  private readonly history: HistoryGenerator;
  current: Candle;
  /** Closed hours, contiguous and ascending (at least the last 24). */
  readonly hours: Candle[] = [];
  currentHour: Candle;
  private readonly rng: Random;
  private readonly tickVolatility: number;
  private readonly meanTradeVolume: number;
  private readonly lastMarkets: readonly string[];
  private readonly retentionMs: number;

  constructor(params: SeriesParams) {
    this.base = params.base;
    this.quote = params.quote;
    this.rng = params.rng;
    const ticksPerMinute = Math.max(1, params.tickRate * 60);
    this.tickVolatility = params.volatility / Math.sqrt(ticksPerMinute);
    this.meanTradeVolume = params.meanMinuteVolume / ticksPerMinute;
    // Before the first tick the "last trade" is an average one at the start price.
    this.lastVolume = Number(this.meanTradeVolume.toPrecision(6));
    this.lastVolumeTo = this.lastVolume * params.startPrice;
    this.lastMarkets = params.lastMarkets;
    this.retentionMs = params.historyMinutes * minuteMs;
    const minuteStart = floorTo(params.nowMs, minuteMs);
    this.history = new HistoryGenerator({
      rng: params.historyRng,
      endPrice: params.startPrice,
      endMs: minuteStart,
      volatility: params.volatility,
      meanMinuteVolume: params.meanMinuteVolume,
      emptyRatio: 0.02,
    });
    this.price = params.startPrice;
    this.previousPrice = params.startPrice;
    this.median = params.startPrice;
    this.lastUpdate = Math.floor(params.nowMs / 1000);
    this.lastMarket = this.rng.pick(this.lastMarkets);
    this.tradeIdBase = this.rng.int(10_000_000, 900_000_000);
    this.current = emptyCandle(minuteStart, params.startPrice);
    // Enough history for the rolling 24 hours (and the current hour) from the first tick on.
    const chunks: Candle[][] = [];
    for (let made = 0; made < 25 * 60; made += historyChunkMinutes) chunks.unshift(this.history.nextChunk());
    for (const chunk of [...chunks].reverse()) this.minutes.prepend(chunk);
    this.currentHour = this.buildHours(chunks.flat(), floorTo(params.nowMs, hourMs), params.startPrice);
  }

  get lastTradeId(): string {
    return String(this.tradeIdBase + this.tradeSeq);
  }

  /** Closes every minute (and hour) that ended before `nowMs`; returns the closed minutes. */
  rollTo(nowMs: number): Candle[] {
    const closed: Candle[] = [];
    while (this.current.start + minuteMs <= nowMs) {
      const done = this.current;
      this.minutes.append(done);
      closed.push(done);
      this.current = emptyCandle(done.start + minuteMs, done.close);
      while (this.currentHour.start + hourMs <= this.current.start) {
        this.hours.push(this.currentHour);
        this.currentHour = emptyCandle(this.currentHour.start + hourMs, this.currentHour.close);
      }
    }
    this.prune();
    return closed;
  }

  /** One trade on the index: a random-walk step (sometimes none), volume, ids and flags. */
  tick(nowMs: number): void {
    const previous = this.price;
    this.previousPrice = previous;
    if (this.rng.next() >= 0.12)
      this.price = roundPrice(previous * Math.exp(this.tickVolatility * this.rng.normal()));
    const previousMedian = this.median;
    if (this.rng.next() < 0.3) this.median = roundPrice(this.price * (1 + 0.0002 * this.rng.normal()));
    this.lastVolume = Number(
      (this.meanTradeVolume * Math.exp(0.8 * this.rng.normal() - 0.32)).toPrecision(6),
    );
    this.lastVolumeTo = this.lastVolume * this.price;
    this.tradeSeq += 1;
    this.lastUpdate = Math.floor(nowMs / 1000);
    this.lastMarket = this.rng.pick(this.lastMarkets);
    this.flags =
      compareFlag(this.price, previous, 'price') | compareFlag(this.median, previousMedian, 'median');
    const trade = {
      price: this.price,
      volumeFrom: this.lastVolume,
      volumeTo: this.lastVolumeTo,
      tsSeconds: this.lastUpdate,
    };
    addTrade(this.current, trade);
    addTrade(this.currentHour, trade);
  }

  /** The minute starting at `startMs` (closed or current); undefined outside retention or in the future. */
  minuteAt(startMs: number): Candle | undefined {
    if (startMs === this.current.start) return this.current;
    if (startMs > this.current.start || startMs < this.current.start - this.retentionMs) return undefined;
    while ((this.minutes.oldestStart ?? this.current.start) > startMs)
      this.minutes.prepend(this.history.nextChunk());
    return this.minutes.get(startMs);
  }

  /** The current hour and the 23 before it ("rolling 23h + current hour"). */
  last24Hours(): Candle[] {
    return [...this.hours.slice(-23), this.currentHour];
  }

  /** Hours since 00:00 GMT of the current day. */
  today(): Candle[] {
    const dayStart = floorTo(this.currentHour.start, dayMs);
    const count = (this.currentHour.start - dayStart) / hourMs;
    return [...(count > 0 ? this.hours.slice(-count) : []), this.currentHour];
  }

  private buildHours(minutes: readonly Candle[], currentHourStart: number, price: number): Candle {
    let hour: Candle | undefined;
    for (const minute of minutes) {
      const start = floorTo(minute.start, hourMs);
      if (!hour || hour.start !== start) {
        if (hour) this.hours.push(hour);
        hour = emptyCandle(start, minute.open);
      }
      absorbCandle(hour, minute);
    }
    if (hour && hour.start === currentHourStart) return hour;
    if (hour) this.hours.push(hour);
    return emptyCandle(currentHourStart, price);
  }

  private prune(): void {
    this.minutes.dropBefore(this.current.start - this.retentionMs);
    if (this.hours.length > 96) this.hours.splice(0, this.hours.length - 48);
  }
}

function compareFlag(now: number, before: number, kind: 'price' | 'median'): number {
  if (kind === 'price')
    return now > before ? flagBits.priceUp : now < before ? flagBits.priceDown : flagBits.priceUnchanged;
  return now > before ? flagBits.medianUp : now < before ? flagBits.medianDown : flagBits.medianUnchanged;
}
