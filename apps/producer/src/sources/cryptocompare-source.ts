import type { Logger } from '@mdp/runtime/logger';
import type { ProducerConfig } from '../config';
import { createRateLimiter } from '../cryptocompare/rate-limiter';
import { createRestClient } from '../cryptocompare/rest-client';
import type { ProducerMetrics } from '../metrics';
import { type Pair, pairId } from '../pairs';
import type { CandleTracker } from '../pipeline/candle-tracker';
import type { DemandChange, PairDemand } from '../pipeline/pair-demand';
import { RestSources } from '../pipeline/rest-sources';
import { createRedactor } from '../secret';
import { StreamIngest } from '../stream/ingest';
import { observeStreamer } from '../stream/observe';
import type { SocketFactory } from '../stream/socket';
import { Streamer } from '../stream/streamer';
import { subscriptionsFor } from '../stream/subscriptions';
import type { MarketSource } from './source';

export type CryptoCompareSource = MarketSource & {
  /** New demand (configured pairs, pairs dynamic topics need, failed pairs) reaches REST and stream. */
  applyDemand(change: DemandChange): void;
  isStreamConnected(): boolean;
};

/**
 * CryptoCompare min-api (pricemultifull, v2 histominute) and the v2 streamer behind the source seam.
 * The code is the one the producer always had; only the wiring moved here.
 */
export function createCryptoCompareSource(
  config: ProducerConfig,
  deps: {
    demand: PairDemand;
    tracker: CandleTracker;
    logger: Logger;
    metrics: ProducerMetrics;
    socketFactory: SocketFactory;
    now: () => number;
    /** A pair left the demand: forget its dedup state and metrics. */
    forgetPair: (pair: Pair) => void;
    wake: () => void;
  },
): CryptoCompareSource {
  const { demand, tracker, logger, metrics, now } = deps;
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
    for (const pair of change.removed) deps.forgetPair(pair);
    if (config.sources.candles) {
      for (const pair of change.added) tracker.resume(pair, null, now(), config.backfillLookbackMs);
    }
    if (config.sources.stream)
      streamer.setSubscriptions(subscriptionsFor(change.pairs, config.sources.candles));
    deps.wake();
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
    name: 'cryptocompare',
    pairs: () => demand.pairs(),
    nextDueAt: () => rest.nextDueAt(),
    poll: (signal) => rest.run(signal),
    drain: () => ingest.drain(),
    buffered: () => ingest.size(),
    onData: (listener) => ingest.onData(listener),
    start() {
      if (!config.sources.stream) return;
      streamer.setSubscriptions(subscriptionsFor(demand.pairs(), config.sources.candles));
      streamer.start();
    },
    stop: () => streamer.stop(),
    close: () => client.close(),
    applyDemand,
    isStreamConnected: () => streamer.isConnected(),
  };
}
