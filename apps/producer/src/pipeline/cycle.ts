import { pairKey } from '@mdp/contracts/keys';
import { topicMetricLabel } from '@mdp/contracts/topic-names';
import type { DynamicRouter } from '../dynamic/router';
import type { MarketPublisher } from '../kafka/market-publisher';
import type { Batch } from '../machine-types';
import type { ProducerMetrics } from '../metrics';
import type { MarketSource } from '../sources/source';
import type { CandleTracker } from './candle-tracker';
import type { TickDedup } from './tick-dedup';

export type CycleDeps = {
  /** Every configured source as one (see sources/source.ts). */
  sources: MarketSource;
  dedup: TickDedup;
  tracker: CandleTracker;
  router: DynamicRouter;
  publisher: MarketPublisher;
  metrics: ProducerMetrics;
  now: () => number;
  /** Called at the start of each cycle (failed pairs whose time has come are brought back). */
  beforeFetch: () => void;
};

/**
 * What the machine's actors do in one cycle: fetch (REST work that is due plus everything the stream
 * buffered, deduplicated and routed) and publish (fixed topics, then dynamic topics).
 */
export function createCycle(d: CycleDeps) {
  return {
    async fetchData(signal: AbortSignal): Promise<Batch> {
      d.beforeFetch();
      const rest = await d.sources.poll(signal);
      const stream = d.sources.drain();
      // Oldest first, so a later update of a pair is never judged older than an earlier one.
      const ticks = [...stream.ticks, ...rest.ticks].sort((a, b) => a.ts - b.ts);
      for (const t of ticks) d.metrics.ticksFetched.inc({ source: t.origin, pair: pairKey(t) });
      const candles = [...rest.candles, ...stream.candles];
      for (const c of candles) d.metrics.candlesFetched.inc({ source: c.origin, pair: pairKey(c) });
      const fresh = d.dedup.filter(ticks);
      if (fresh.duplicates > 0) d.metrics.ticksDropped.inc({ reason: 'duplicate' }, fresh.duplicates);
      if (fresh.stale > 0) d.metrics.ticksDropped.inc({ reason: 'older_than_published' }, fresh.stale);
      const freshCandles = d.tracker.filter(candles);
      if (freshCandles.duplicates > 0) d.metrics.candlesDuplicate.inc(freshCandles.duplicates);
      // Nothing new and the API failed: a real fetch failure, the machine backs off.
      if (rest.error && fresh.fresh.length === 0 && freshCandles.fresh.length === 0) throw rest.error;
      const dynamic = d.router.route(fresh.fresh, freshCandles.fresh, d.now());
      return { ticks: fresh.fresh, candles: freshCandles.fresh, dynamic };
    },

    async publishFixed(batch: Batch): Promise<void> {
      await d.publisher.publishFixed(batch.ticks, batch.candles);
      d.dedup.commit(batch.ticks);
      d.tracker.commit(batch.candles);
      for (const t of batch.ticks) {
        const pair = pairKey(t);
        d.metrics.ticksPublished.inc({ source: t.origin, pair });
        d.metrics.notePublishedTick(pair, t.ts);
      }
      for (const c of batch.candles) d.metrics.candlesPublished.inc({ source: c.origin, pair: pairKey(c) });
      d.metrics.cycles.inc();
    },

    async publishDynamic(batch: Batch): Promise<void> {
      await d.publisher.publishDynamic(batch.dynamic);
      for (const x of batch.dynamic) d.metrics.dynamicPublished.inc({ topic: topicMetricLabel(x.topic) });
    },

    /** When the next cycle is due: REST work, a sampling window to flush, or null (wait for stream data). */
    nextDueAt(): number | null {
      const due = [d.sources.nextDueAt(), d.router.nextDueAt()].filter((x): x is number => x !== null);
      return due.length > 0 ? Math.min(...due) : null;
    },
  };
}

export type Cycle = ReturnType<typeof createCycle>;
