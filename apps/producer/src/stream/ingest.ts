import { pairKey } from '@mdp/contracts/keys';
import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import { parseOhlcFrame } from '../cryptocompare/candle-parser';
import { parseTick } from '../cryptocompare/tick-parser';
import type { StreamFrame } from './frame';
import { PartialMerge } from './partial-merge';

export type IngestCounters = {
  /** A frame became a tick or a candle. */
  accepted(kind: 'tick' | 'candle', pair: string): void;
  skipped(kind: 'tick' | 'candle', reason: string): void;
  /** The buffer was full (the publisher is stalled): the oldest ticks were dropped. */
  overflow(count: number): void;
};

/**
 * Turns streamer data frames into ticks and candles, buffered until the next cycle drains them.
 * Type-5/2 frames are merged into the channel's state first, so a partial update yields a whole tick.
 */
export class StreamIngest {
  private readonly merge = new PartialMerge();
  private ticks: PriceTick[] = [];
  private candles = new Map<string, Candle>();
  private listener: (() => void) | null = null;

  constructor(
    private readonly maxBuffered: number,
    private readonly counters: IngestCounters,
  ) {}

  /** Called when the buffer goes from empty to not empty (the machine's waitForWork listens). */
  onData(listener: (() => void) | null): void {
    this.listener = listener;
  }

  handle(frame: Extract<StreamFrame, { kind: 'ticker' | 'ohlc' }>): void {
    const wasEmpty = this.size() === 0;
    if (frame.kind === 'ticker') {
      const parsed = parseTick(this.merge.apply(frame.channel.toUpperCase(), frame.fields), 'stream');
      if (!parsed.ok) this.counters.skipped('tick', parsed.reason);
      else {
        if (this.ticks.length >= this.maxBuffered) {
          // Drop a tenth at once: shifting one by one would cost O(n) per frame while stalled.
          const dropped = this.ticks.splice(0, Math.max(1, Math.ceil(this.maxBuffered / 10))).length;
          this.counters.overflow(dropped);
        }
        this.ticks.push(parsed.value);
        this.counters.accepted('tick', pairKey(parsed.value));
      }
    } else {
      const parsed = parseOhlcFrame(frame.fields);
      if (!parsed.ok) this.counters.skipped('candle', parsed.reason);
      else {
        // Revisions of one minute replace each other: only the newest needs to go out.
        this.candles.set(`${pairKey(parsed.value)}@${parsed.value.start}`, parsed.value);
        this.counters.accepted('candle', pairKey(parsed.value));
      }
    }
    if (wasEmpty && this.size() > 0) this.listener?.();
  }

  /** New subscriptions: their merged state is dropped, the server sends a fresh snapshot first. */
  resetChannels(subs: readonly string[]): void {
    for (const sub of subs) this.merge.reset(sub.toUpperCase());
  }

  resetAll(): void {
    this.merge.resetAll();
  }

  drain(): { ticks: PriceTick[]; candles: Candle[] } {
    const out = { ticks: this.ticks, candles: [...this.candles.values()] };
    this.ticks = [];
    this.candles = new Map();
    return out;
  }

  size(): number {
    return this.ticks.length + this.candles.size;
  }
}
