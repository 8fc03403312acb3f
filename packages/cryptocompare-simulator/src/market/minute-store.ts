import type { Candle } from './candle';
import { minuteMs } from './candle';

const stride = 7; // open, high, low, close, volumeFrom, volumeTo, trades

/**
 * Contiguous closed minutes in one Float64Array (about 56 bytes a minute instead of a few hundred
 * for objects), growable at both ends: history is prepended lazily, live minutes are appended.
 */
export class MinuteStore {
  private data = new Float64Array(0);
  /** Slot (in minutes) of the first stored minute inside `data`. */
  private head = 0;
  private count = 0;
  /** Start of the first stored minute, ms (meaningful when count > 0). */
  private firstStart = 0;

  get size(): number {
    return this.count;
  }

  /** Start of the oldest minute held, or undefined when empty. */
  get oldestStart(): number | undefined {
    return this.count > 0 ? this.firstStart : undefined;
  }

  get(startMs: number): Candle | undefined {
    const index = (startMs - this.firstStart) / minuteMs;
    if (this.count === 0 || !Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const at = (this.head + index) * stride;
    const d = this.data;
    return {
      start: startMs,
      open: d[at] ?? 0,
      high: d[at + 1] ?? 0,
      low: d[at + 2] ?? 0,
      close: d[at + 3] ?? 0,
      volumeFrom: d[at + 4] ?? 0,
      volumeTo: d[at + 5] ?? 0,
      trades: d[at + 6] ?? 0,
    };
  }

  /** Adds the minute right after the newest one (or the first minute of an empty store). */
  append(candle: Candle): void {
    if (this.count === 0) this.firstStart = candle.start;
    else if (candle.start !== this.firstStart + this.count * minuteMs)
      throw new Error('minutes must stay contiguous');
    if ((this.head + this.count + 1) * stride > this.data.length) this.grow(0, 1);
    this.write(this.head + this.count, candle);
    this.count += 1;
  }

  /** Adds chronological minutes that end right before the oldest one held. */
  prepend(candles: readonly Candle[]): void {
    const first = candles[0];
    if (!first) return;
    if (this.count > 0 && first.start + candles.length * minuteMs !== this.firstStart)
      throw new Error('minutes must stay contiguous');
    if (this.head < candles.length) this.grow(candles.length, 0);
    this.head -= candles.length;
    for (const [i, candle] of candles.entries()) this.write(this.head + i, candle);
    this.count += candles.length;
    this.firstStart = first.start;
  }

  /** Forgets minutes that start before `startMs`. */
  dropBefore(startMs: number): void {
    const drop = Math.min(this.count, Math.max(0, Math.floor((startMs - this.firstStart) / minuteMs)));
    if (drop === 0) return;
    this.head += drop;
    this.count -= drop;
    this.firstStart += drop * minuteMs;
  }

  private write(slot: number, candle: Candle): void {
    this.data.set(
      [candle.open, candle.high, candle.low, candle.close, candle.volumeFrom, candle.volumeTo, candle.trades],
      slot * stride,
    );
  }

  /** Reallocates with room for `front` more minutes before and `back` more after the data. */
  private grow(front: number, back: number): void {
    const headRoom = Math.max(front, front > 0 ? this.count : 0);
    const tailRoom = Math.max(back, back > 0 ? Math.max(this.count, 64) : 0);
    const next = new Float64Array((headRoom + this.count + tailRoom) * stride);
    next.set(this.data.subarray(this.head * stride, (this.head + this.count) * stride), headRoom * stride);
    this.data = next;
    this.head = headRoom;
  }
}
