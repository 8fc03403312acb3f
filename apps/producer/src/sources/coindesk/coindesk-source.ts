import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import type { Logger } from '@mdp/runtime/logger';
import { retryDelayMs } from '@mdp/runtime/retry';
import type { ProducerConfig } from '../../config';
import type { ApiError } from '../../cryptocompare/api-error';
import { createRateLimiter } from '../../cryptocompare/rate-limiter';
import { createRestClient } from '../../cryptocompare/rest-client';
import type { ProducerMetrics } from '../../metrics';
import { type Pair, pairId } from '../../pairs';
import { type CandleTracker, floorMinute } from '../../pipeline/candle-tracker';
import { createRedactor } from '../../secret';
import type { SocketFactory } from '../../stream/socket';
import type { MarketSource, PollOutcome } from '../source';
import { fetchIndexMinutes, fetchLatestTicks } from './rest';
import { CoinDeskStreamer } from './streamer';

const MAX_INLINE_WAIT_MS = 1_000;
/** Index ticks come about every second per instrument (heartbeat shape unconfirmed): 30 s of silence = dead. */
const DEAD_AFTER_MS = 30_000;

/** The source's pairs under the index family's market (`CADLI`, `CCIX`). */
export function coindeskPairs(config: ProducerConfig): Pair[] {
  const market = config.coindesk.market.toUpperCase();
  return config.coindesk.pairs.map((p) => ({ market, base: p.base, quote: p.quote }));
}

/**
 * CoinDesk Data API index instruments (FACTS.md): the data-streamer for ticks, `latest/tick` polled
 * every `PRODUCER_POLL_INTERVAL_MS` only while the streamer delivers nothing, `historical/minutes` for
 * backfills and candle polling.
 */
export function createCoinDeskSource(
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
  const pairs = coindeskPairs(config);
  const own = new Set(pairs.map(pairId));
  const market = config.coindesk.market;
  const apiKey = config.coindesk.apiKey?.reveal();
  if (!apiKey) logger.warn('no COINDESK_API_KEY: the CoinDesk Data API answers 401 without one');
  const rate = config.coindesk.ratePerSecond;
  const limiter = createRateLimiter({ perSecond: rate, perMinute: 60 * rate, perHour: 3_600 * rate }, now);
  const client = createRestClient({
    baseUrl: config.coindesk.baseUrl,
    apiKey,
    timeoutMs: config.cryptocompare.httpTimeoutMs,
    maxBodyBytes: config.cryptocompare.maxBodyBytes,
    limiter,
    redact: createRedactor([apiKey]),
    now,
  });
  let ticks: PriceTick[] = [];
  let listener: (() => void) | null = null;
  let connects = 0;
  const streamer = new CoinDeskStreamer({
    url: config.coindesk.wsUrl,
    apiKey,
    syntax: config.coindesk.wsSyntax === 'sub_add' ? 'sub_add' : 'subscribe',
    market,
    pairs,
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
      if (event.kind === 'streaming')
        logger.info({ instruments: pairs.length }, 'coindesk streamer delivering');
      if (event.kind === 'disconnected')
        logger.warn({ code: event.code, inMs: event.reconnectInMs }, 'coindesk streamer disconnected');
      if (event.kind === 'dead') metrics.streamHeartbeatsMissed.inc();
      if (event.kind === 'control') logger.debug({ type: event.type }, 'coindesk streamer control message');
    },
  });
  // REST snapshots only while the streamer delivers nothing (not running, down, or not yet streaming).
  const snapshotsDue = () => config.sources.rest && !streamer.isStreaming();

  let nextPollAt = 0;
  let nextCandlePollAt = 0;
  let backfillRetryAt = 0;
  let failures = 0;
  const delay = () => retryDelayMs(failures, config.retry);
  const ownBackfills = () => tracker.backfills().filter((r) => own.has(pairId(r.pair)));
  const skippedAll = (kind: 'tick' | 'candle', skipped: Record<string, number>) => {
    for (const [reason, n] of Object.entries(skipped)) metrics.skipped.inc({ kind, reason }, n);
  };
  const fail = (out: PollOutcome, error: ApiError) => {
    failures++;
    metrics.apiErrors.inc({ type: error.kind });
    if (error.kind === 'rate_limited') metrics.rateLimitWaits.inc({ reason: 'server' });
    logger.warn({ kind: error.kind, error: error.message }, 'CoinDesk REST call failed');
    if (!out.error || error.kind === 'rate_limited') out.error = error;
  };

  async function candles(out: PollOutcome, signal: AbortSignal, t: number): Promise<boolean> {
    for (const range of ownBackfills().slice(0, 10)) {
      metrics.restCalls.inc({ endpoint: 'coindesk_minutes' });
      const r = await fetchIndexMinutes(client, market, range.pair, range.fromMs, range.toMs, signal);
      tracker.settle(range, r.pendingToMs);
      out.candles.push(...r.candles);
      skippedAll('candle', r.skipped);
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
      metrics.restCalls.inc({ endpoint: 'coindesk_minutes' });
      const r = await fetchIndexMinutes(client, market, pair, from, to, signal);
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
    name: 'coindesk',
    pairs: () => pairs,
    nextDueAt() {
      const due: number[] = [];
      if (snapshotsDue()) due.push(nextPollAt);
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
      if (snapshotsDue() && t >= nextPollAt) {
        metrics.restCalls.inc({ endpoint: 'coindesk_latest_tick' });
        const r = await fetchLatestTicks(client, market, pairs, signal);
        out.ticks.push(...r.ticks);
        skippedAll('tick', r.skipped);
        if (r.error) fail(out, r.error);
        nextPollAt = t + (r.error ? delay() : config.pollIntervalMs);
      }
      if (config.sources.candles && (t >= backfillRetryAt || t >= nextCandlePollAt)) {
        if (!(await candles(out, signal, t))) {
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
      if (config.sources.stream) streamer.start();
    },
    stop: () => streamer.stop(),
    close: () => client.close(),
  };
}
