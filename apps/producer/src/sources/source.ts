import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import type { ApiError } from '../cryptocompare/api-error';
import type { Pair } from '../pairs';

/** What due polling and backfill work produced; `error` is the one that matters most (rate limits first). */
export type PollOutcome = { ticks: PriceTick[]; candles: Candle[]; error: ApiError | null };

/**
 * The seam between an outside API and the producer. A source turns its API into contract events
 * (`PriceTick`, `Candle`) carrying the market they came from and `origin` rest/stream; the machine,
 * dedup, candle tracking, routing, publishing and metrics never know which source runs.
 *
 * - polling: `nextDueAt` / `poll` (snapshots, candle backfill of the shared tracker's holes for the
 *   source's own pairs, candle polling while its stream cannot deliver candles);
 * - live stream: `start` / `stop`, with the source's own reconnect and limits; what it received
 *   waits in `drain` until the next cycle, and `onData` wakes the machine when the buffer fills.
 */
export interface MarketSource {
  /** Stable name (`cryptocompare`, `coinbase`), used in logs and the `PRODUCER_SOURCES` setting. */
  readonly name: string;
  /** The pairs this source serves now. */
  pairs(): readonly Pair[];
  nextDueAt(): number | null;
  poll(signal: AbortSignal): Promise<PollOutcome>;
  drain(): { ticks: PriceTick[]; candles: Candle[] };
  buffered(): number;
  onData(listener: (() => void) | null): void;
  start(): void;
  stop(): void;
  close(): Promise<void>;
}

/** Several sources as one: polls run one after the other, buffers drain together. */
export function combineSources(sources: readonly MarketSource[]): MarketSource {
  return {
    name: sources.map((s) => s.name).join('+'),
    pairs: () => sources.flatMap((s) => s.pairs()),
    nextDueAt() {
      const due = sources.map((s) => s.nextDueAt()).filter((x): x is number => x !== null);
      return due.length > 0 ? Math.min(...due) : null;
    },
    async poll(signal) {
      const out: PollOutcome = { ticks: [], candles: [], error: null };
      for (const source of sources) {
        // One source's failure must not starve the others: each polls, errors are merged.
        const r = await source.poll(signal);
        out.ticks.push(...r.ticks);
        out.candles.push(...r.candles);
        if (r.error && (!out.error || r.error.kind === 'rate_limited')) out.error = r.error;
      }
      return out;
    },
    drain() {
      const ticks: PriceTick[] = [];
      const candles: Candle[] = [];
      for (const source of sources) {
        const d = source.drain();
        ticks.push(...d.ticks);
        candles.push(...d.candles);
      }
      return { ticks, candles };
    },
    buffered: () => sources.reduce((n, s) => n + s.buffered(), 0),
    onData: (listener) => {
      for (const s of sources) s.onData(listener);
    },
    start: () => {
      for (const s of sources) s.start();
    },
    stop: () => {
      for (const s of sources) s.stop();
    },
    close: async () => {
      await Promise.all(sources.map((s) => s.close().catch(() => undefined)));
    },
  };
}
