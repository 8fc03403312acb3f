import type { Candle } from '@mdp/contracts/market-data';
import type { Logger } from '@mdp/runtime/logger';
import type { ProducerConfig } from './config';
import { createRateLimiter } from './cryptocompare/rate-limiter';
import { createRestClient } from './cryptocompare/rest-client';
import { DynamicRouter } from './dynamic/router';
import type { ProducerMetrics } from './metrics';
import { type Pair, pairId } from './pairs';
import { CandleTracker } from './pipeline/candle-tracker';
import { type DemandChange, PairDemand } from './pipeline/pair-demand';
import { RestSources } from './pipeline/rest-sources';
import { TickDedup } from './pipeline/tick-dedup';
import { createRedactor } from './secret';
import { StreamIngest } from './stream/ingest';
import { observeStreamer } from './stream/observe';
import type { SocketFactory } from './stream/socket';
import { Streamer } from './stream/streamer';
import { subscriptionsFor } from './stream/subscriptions';

/** The data side of the producer (sources, dedup, candle tracking, routing), wired but not started. */
export function createComponents(
  config: ProducerConfig,
  deps: { logger: Logger; metrics: ProducerMetrics; socketFactory: SocketFactory; now: () => number },
) {
  const { logger, metrics, now } = deps;
  const apiKey = config.cryptocompare.apiKey?.reveal();
  const redact = createRedactor([apiKey]);
  const limiter = createRateLimiter(config.rate, now);
  const client = createRestClient({
    baseUrl: config.cryptocompare.baseUrl,
    apiKey,
    timeoutMs: config.cryptocompare.httpTimeoutMs,
    maxBodyBytes: config.cryptocompare.maxBodyBytes,
    limiter,
    redact,
    now,
    onBudgetWait: (ms) => {
      metrics.rateLimitWaits.inc({ reason: 'client_budget' });
      metrics.rateLimitWaitSeconds.inc({ reason: 'client_budget' }, ms / 1000);
    },
  });
  const demand = new PairDemand(config.pairs);
  const dedup = new TickDedup();
  const tracker = new CandleTracker();
  const router = new DynamicRouter();
  let wake: () => void = () => undefined;
  const ingest = new StreamIngest(config.streamBufferMax, {
    accepted: () => undefined,
    skipped: (kind, reason) => metrics.skipped.inc({ kind, reason }),
    overflow: (count) => metrics.streamOverflow.inc(count),
  });
  const streamer = new Streamer({
    url: config.cryptocompare.wsUrl,
    apiKey,
    heartbeatMs: config.heartbeatMs,
    heartbeatGraceMs: Math.min(5_000, config.heartbeatMs),
    reconnectMinMs: config.reconnectMinMs,
    reconnectMaxMs: config.reconnectMaxMs,
    maxSubscriptions: config.maxSubscriptions,
    socketFactory: deps.socketFactory,
    onData: (frame) => ingest.handle(frame),
    onSubscribing: (subs) => ingest.resetChannels(subs),
    onDisconnected: () => {
      ingest.resetAll();
      tracker.markUncertain();
    },
    onEvent: observeStreamer(metrics, logger.child({ component: 'streamer' })),
  });

  const applyDemand = (change: DemandChange) => {
    metrics.pairsFetched.set(change.pairs.length);
    metrics.pairsFailed.set(demand.failedPairs().length);
    if (change.added.length === 0 && change.removed.length === 0) return;
    logger.info(
      { added: change.added.map(pairId), removed: change.removed.map(pairId), pairs: change.pairs.length },
      'pairs changed',
    );
    for (const pair of change.removed) forgetPair(pair);
    if (config.sources.candles) {
      for (const pair of change.added) tracker.resume(pair, null, now(), config.backfillLookbackMs);
    }
    if (config.sources.stream)
      streamer.setSubscriptions(subscriptionsFor(change.pairs, config.sources.candles));
    wake();
  };
  const forgetPair = (pair: Pair) => {
    dedup.forget(pairId(pair));
    tracker.forget(pair);
    metrics.forgetPair(pairId(pair));
  };

  const rest = new RestSources({
    client,
    limiter,
    tracker,
    pairs: () => demand.pairs(),
    streamCandlesUp: () => config.sources.stream && streamer.isConnected(),
    onPairFailed: (failure) => {
      logger.warn(
        { pair: pairId(failure.pair), reason: failure.reason, retryInMs: config.failedPairRetryMs },
        'the API refused a pair; left out for a while',
      );
      applyDemand(demand.markFailed(failure.pair, failure.reason, now() + config.failedPairRetryMs, now()));
    },
    restEnabled: config.sources.rest,
    candlesEnabled: config.sources.candles,
    pollIntervalMs: config.pollIntervalMs,
    candlePollIntervalMs: config.candlePollIntervalMs,
    retry: config.retry,
    now,
    metrics,
    logger: logger.child({ component: 'rest' }),
  });

  return {
    client,
    demand,
    dedup,
    tracker,
    router,
    ingest,
    streamer,
    rest,
    applyDemand,
    /** Where the machine's waitForWork listens: stream data and new pairs both wake it. */
    setWake(listener: (() => void) | null): void {
      wake = listener ?? (() => undefined);
      ingest.onData(listener);
    },
    /** Seeds the candle tracker: resume each pair after its newest candle on the topic. */
    resumeCandles(last: ReadonlyMap<string, Candle>): void {
      for (const pair of demand.pairs())
        tracker.resume(pair, last.get(pairId(pair)) ?? null, now(), config.backfillLookbackMs);
    },
  };
}

export type Components = ReturnType<typeof createComponents>;
