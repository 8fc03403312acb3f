import type { Candle } from '@mdp/contracts/market-data';
import type { Logger } from '@mdp/runtime/logger';
import type { ProducerConfig } from './config';
import { DynamicRouter } from './dynamic/router';
import type { ProducerMetrics } from './metrics';
import { type Pair, pairId } from './pairs';
import { CandleTracker } from './pipeline/candle-tracker';
import { type DemandChange, PairDemand } from './pipeline/pair-demand';
import { TickDedup } from './pipeline/tick-dedup';
import { createCoinbaseSource } from './sources/coinbase/coinbase-source';
import { createCoinDeskSource } from './sources/coindesk/coindesk-source';
import { type CryptoCompareSource, createCryptoCompareSource } from './sources/cryptocompare-source';
import { combineSources, type MarketSource } from './sources/source';
import type { SocketFactory } from './stream/socket';

/** The data side of the producer (sources, dedup, candle tracking, routing), wired but not started. */
export function createComponents(
  config: ProducerConfig,
  deps: { logger: Logger; metrics: ProducerMetrics; socketFactory: SocketFactory; now: () => number },
) {
  const { logger, metrics, now } = deps;
  const enabled = new Set(config.sourceNames);
  const demand = new PairDemand(enabled.has('cryptocompare') ? config.pairs : []);
  const dedup = new TickDedup();
  const tracker = new CandleTracker();
  const router = new DynamicRouter();
  let wake: () => void = () => undefined;
  const forgetPair = (pair: Pair) => {
    dedup.forget(pairId(pair));
    tracker.forget(pair);
    metrics.forgetPair(pairId(pair));
  };

  const list: MarketSource[] = [];
  let cryptocompare: CryptoCompareSource | null = null;
  for (const name of config.sourceNames) {
    const log = logger.child({ source: name });
    if (name === 'cryptocompare') {
      cryptocompare = createCryptoCompareSource(config, {
        demand,
        tracker,
        logger: log,
        metrics,
        socketFactory: deps.socketFactory,
        now,
        forgetPair,
        wake: () => wake(),
      });
      list.push(cryptocompare);
    } else if (name === 'coindesk') {
      list.push(
        createCoinDeskSource(config, {
          tracker,
          logger: log,
          metrics,
          socketFactory: deps.socketFactory,
          now,
        }),
      );
    } else if (name === 'coinbase') {
      list.push(
        createCoinbaseSource(config, {
          tracker,
          logger: log,
          metrics,
          socketFactory: deps.socketFactory,
          now,
        }),
      );
    }
  }
  const sources = combineSources(list);
  /** Pairs with a source of their own: dynamic demand for them must not reach CryptoCompare too. */
  const ownedElsewhere = new Set(
    list.filter((s) => s !== cryptocompare).flatMap((s) => s.pairs().map(pairId)),
  );

  const applyDemand = (change: DemandChange) => {
    if (cryptocompare) cryptocompare.applyDemand(change);
    else if (change.added.length > 0)
      logger.warn(
        { pairs: change.added.map(pairId) },
        'pairs needed by dynamic topics have no source (cryptocompare is not enabled)',
      );
  };

  return {
    demand,
    dedup,
    tracker,
    router,
    sources,
    applyDemand,
    /** What dynamic topics need, minus the pairs another source already serves. */
    setNeededPairs(pairs: readonly Pair[]): void {
      applyDemand(
        demand.setNeeded(cryptocompare ? pairs.filter((p) => !ownedElsewhere.has(pairId(p))) : [], now()),
      );
    },
    /** Where the machine's waitForWork listens: stream data and new pairs both wake it. */
    setWake(listener: (() => void) | null): void {
      wake = listener ?? (() => undefined);
      sources.onData(listener);
    },
    /** Seeds the candle tracker: resume each pair after its newest candle on the topic. */
    resumeCandles(last: ReadonlyMap<string, Candle>): void {
      for (const pair of sources.pairs())
        tracker.resume(pair, last.get(pairId(pair)) ?? null, now(), config.backfillLookbackMs);
    },
  };
}

export type Components = ReturnType<typeof createComponents>;
