import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import type { Logger } from '@mdp/runtime/logger';
import { retryDelayMs } from '@mdp/runtime/retry';
import type { ProducerConfig } from '../../config';
import { type ApiError, isApiError } from '../../cryptocompare/api-error';
import { createRateLimiter } from '../../cryptocompare/rate-limiter';
import { createRestClient } from '../../cryptocompare/rest-client';
import type { ProducerMetrics } from '../../metrics';
import { pairId } from '../../pairs';
import { type CandleTracker, floorMinute } from '../../pipeline/candle-tracker';
import type { SocketFactory } from '../../stream/socket';
import type { MarketSource, PollOutcome } from '../source';
import { CoinbaseFeed } from './feed';
import { fetchCoinbaseMinutes, fetchCoinbaseTicker } from './rest';

/** Heartbeats come every second per product: 15 s of silence is a dead socket. */
const DEAD_AFTER_MS = 15_000;
/** Longer budget waits are not slept inside a cycle. */
const MAX_INLINE_WAIT_MS = 1_000;

/**
 * Coinbase Exchange, keyless (FACTS.md): WebSocket `ticker` for ticks, REST ticker snapshots while
 * the socket is down, REST minute candles polled and backfilled (the feed has no minute candles).
 */
export function createCoinbaseSource(
  config: ProducerConfig,
  deps: {
    tracker: CandleTracker;
    logger: Logger;
    metrics: ProducerMetrics;
    socketFactory: SocketFactory;
    now: () => number;
  },
): MarketSource {
  const { tracker, logger, metrics, now } = deps;
  const pairs = config.coinbase.pairs;
  const own = new Set(pairs.map(pairId));
  const limiter = createRateLimiter(
    {
      perSecond: config.coinbase.ratePerSecond,
      perMinute: 60 * config.coinbase.ratePerSecond,
      perHour: 3_600 * config.coinbase.ratePerSecond,
    },
    now,
  );
  const client = createRestClient({
    baseUrl: config.coinbase.restUrl,
    apiKey: undefined,
    timeoutMs: config.cryptocompare.httpTimeoutMs,
    maxBodyBytes: config.cryptocompare.maxBodyBytes,
    limiter,
    redact: (text) => text,
    now,
  });
  let ticks: PriceTick[] = [];
  let listener: (() => void) | null = null;
  let connects = 0;
  const feed = new CoinbaseFeed({
    url: config.coinbase.wsUrl,
    products: pairs,
    deadAfterMs: DEAD_AFTER_MS,
    reconnectMinMs: config.reconnectMinMs,
    reconnectMaxMs: config.reconnectMaxMs,
    socketFactory: deps.socketFactory,
    onTick: (tick) => {
      if (ticks.length >= config.streamBufferMax) {
        const dropped = ticks.splice(0, Math.max(1, Math.ceil(config.streamBufferMax / 10))).length;
        metrics.streamOverflow.inc(dropped);
      }
      ticks.push(tick);
      if (ticks.length === 1) listener?.();
    },
    onSkipped: (reason) => metrics.skipped.inc({ kind: 'tick', reason }),
    onEvent: (event) => {
      if (event.kind === 'connecting' && connects++ > 0) metrics.streamReconnects.inc();
      if (event.kind === 'subscribed') logger.info({ products: event.products }, 'coinbase feed subscribed');
      if (event.kind === 'disconnected')
        logger.warn({ code: event.code, inMs: event.reconnectInMs }, 'coinbase feed disconnected');
      if (event.kind === 'dead') metrics.streamHeartbeatsMissed.inc();
      if (event.kind === 'server_error') logger.warn({ reason: event.reason }, 'coinbase feed error message');
    },
  });

  let nextPollAt = 0;
  let nextCandlePollAt = 0;
  let backfillRetryAt = 0;
  let failures = 0;
  const delay = () => retryDelayMs(failures, config.retry);
  const ownBackfills = () => tracker.backfills().filter((r) => own.has(pairId(r.pair)));
  const fail = (out: PollOutcome, error: ApiError) => {
    failures++;
    metrics.apiErrors.inc({ type: error.kind });
    if (error.kind === 'rate_limited') {
      metrics.rateLimitWaits.inc({ reason: 'server' });
      logger.warn({ waitMs: error.details.retryAfterMs ?? 0 }, 'rate limited by Coinbase; REST calls paused');
    } else logger.warn({ kind: error.kind, error: error.message }, 'Coinbase REST call failed');
    if (!out.error || error.kind === 'rate_limited') out.error = error;
  };

  async function pollTickers(out: PollOutcome, signal: AbortSignal): Promise<void> {
    for (const pair of pairs) {
      metrics.restCalls.inc({ endpoint: 'coinbase_ticker' });
      try {
        const r = await fetchCoinbaseTicker(client, pair, signal);
        if (r.tick) out.ticks.push(r.tick);
        else if (r.skipped) metrics.skipped.inc({ kind: 'tick', reason: r.skipped });
      } catch (e) {
        if (!isApiError(e)) throw e;
        return fail(out, e);
      }
    }
  }

  async function candles(out: PollOutcome, signal: AbortSignal, t: number): Promise<boolean> {
    const ranges = ownBackfills().slice(0, 10);
    for (const range of ranges) {
      metrics.restCalls.inc({ endpoint: 'coinbase_candles' });
      const r = await fetchCoinbaseMinutes(client, range.pair, range.fromMs, range.toMs, signal);
      tracker.settle(range, r.pendingToMs);
      out.candles.push(...r.candles);
      metrics.backfilledCandles.inc({ pair: pairId(range.pair) }, r.candles.length);
      if (r.error) {
        fail(out, r.error);
        return false;
      }
    }
    if (t < nextCandlePollAt) return true;
    const to = floorMinute(t);
    for (const pair of pairs) {
      const from = Math.min(tracker.lastStart(pair) ?? to, to);
      metrics.restCalls.inc({ endpoint: 'coinbase_candles' });
      const r = await fetchCoinbaseMinutes(client, pair, from, to, signal);
      out.candles.push(...r.candles);
      if (r.error) {
        fail(out, r.error);
        return false;
      }
    }
    nextCandlePollAt = t + config.candlePollIntervalMs;
    return true;
  }

  return {
    name: 'coinbase',
    pairs: () => pairs,
    nextDueAt() {
      const due: number[] = [];
      if (config.sources.rest && !feed.isConnected()) due.push(nextPollAt);
      if (config.sources.candles) {
        due.push(nextCandlePollAt);
        if (ownBackfills().length > 0) due.push(backfillRetryAt);
      }
      if (due.length === 0) return null;
      const wait = limiter.waitMs();
      return Math.max(Math.min(...due), wait > MAX_INLINE_WAIT_MS ? now() + wait : 0);
    },
    async poll(signal) {
      const out: PollOutcome = { ticks: [], candles: [], error: null };
      const t = now();
      if (limiter.waitMs() > MAX_INLINE_WAIT_MS) return out;
      // Snapshots only while the feed is down: the socket already carries every trade.
      if (config.sources.rest && !feed.isConnected() && t >= nextPollAt) {
        await pollTickers(out, signal);
        nextPollAt = t + (out.error ? delay() : config.pollIntervalMs);
      }
      if (config.sources.candles && (t >= backfillRetryAt || t >= nextCandlePollAt)) {
        const ok = await candles(out, signal, t);
        if (!ok) {
          backfillRetryAt = t + delay();
          nextCandlePollAt = Math.max(nextCandlePollAt, backfillRetryAt);
        }
      }
      if (!out.error) failures = 0;
      return out;
    },
    drain() {
      const out = { ticks, candles: [] as Candle[] };
      ticks = [];
      return out;
    },
    buffered: () => ticks.length,
    onData: (l) => {
      listener = l;
    },
    start: () => {
      if (config.sources.stream) feed.start();
    },
    stop: () => feed.stop(),
    close: () => client.close(),
  };
}
