import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import type { Logger } from '@mdp/runtime/logger';
import { retryDelayMs } from '@mdp/runtime/retry';
import type { ApiError } from '../cryptocompare/api-error';
import { fetchMinuteCandles } from '../cryptocompare/histo-minute';
import { type PairFailure, pollPrices } from '../cryptocompare/price-poller';
import type { RateLimiter } from '../cryptocompare/rate-limiter';
import type { RestClient } from '../cryptocompare/rest-client';
import type { ProducerMetrics } from '../metrics';
import { type Pair, pairId } from '../pairs';
import { type CandleTracker, floorMinute } from './candle-tracker';

export type RestSourcesOptions = {
  client: RestClient;
  limiter: RateLimiter;
  tracker: CandleTracker;
  pairs: () => readonly Pair[];
  /** True while the stream delivers minute candles: REST candle polling is then not needed. */
  streamCandlesUp: () => boolean;
  onPairFailed: (failure: PairFailure) => void;
  restEnabled: boolean;
  candlesEnabled: boolean;
  pollIntervalMs: number;
  candlePollIntervalMs: number;
  retry: { baseMs: number; maxMs: number };
  /** Backfill ranges handled per cycle, so one cycle never runs for long. */
  maxBackfillsPerCycle?: number;
  now: () => number;
  metrics: ProducerMetrics;
  logger: Logger;
};

export type RestOutcome = { ticks: PriceTick[]; candles: Candle[]; error: ApiError | null };

/** Longer budget waits are not slept inside a cycle: the work is postponed instead. */
const MAX_INLINE_WAIT_MS = 1_000;

/** The REST side of a cycle: price polls, candle polls while the stream cannot deliver candles, backfills. */
export class RestSources {
  private nextPollAt = 0;
  private nextCandlePollAt = 0;
  private backfillRetryAt = 0;
  private failures = { poll: 0, candles: 0 };

  constructor(private readonly o: RestSourcesOptions) {}

  /** When REST work is next due (0 = now); null when nothing is planned. */
  nextDueAt(): number | null {
    const due: number[] = [];
    if (this.o.restEnabled) due.push(this.nextPollAt);
    if (this.o.candlesEnabled) {
      if (this.ownBackfills().length > 0) due.push(this.backfillRetryAt);
      if (!this.o.streamCandlesUp()) due.push(this.nextCandlePollAt);
    }
    if (due.length === 0) return null;
    const wait = this.o.limiter.waitMs();
    return Math.max(Math.min(...due), wait > MAX_INLINE_WAIT_MS ? this.o.now() + wait : 0);
  }

  async run(signal: AbortSignal): Promise<RestOutcome> {
    const out: RestOutcome = { ticks: [], candles: [], error: null };
    const now = this.o.now();
    // Rate limited (by the server, or a minute/hour budget spent): nothing to do until it lifts.
    if (this.o.limiter.waitMs() > MAX_INLINE_WAIT_MS) return out;
    if (this.o.restEnabled && now >= this.nextPollAt) await this.poll(out, now, signal);
    if (this.o.candlesEnabled && now >= this.backfillRetryAt) await this.backfill(out, now, signal);
    if (this.o.candlesEnabled && !this.o.streamCandlesUp() && now >= this.nextCandlePollAt) {
      await this.pollCandles(out, now, signal);
    }
    return out;
  }

  private async poll(out: RestOutcome, now: number, signal: AbortSignal): Promise<void> {
    const pairs = this.o.pairs();
    if (pairs.length === 0) return;
    this.o.metrics.restCalls.inc({ endpoint: 'pricemultifull' });
    const result = await pollPrices(this.o.client, pairs, signal);
    out.ticks.push(...result.ticks);
    for (const [reason, n] of Object.entries(result.skipped))
      this.o.metrics.skipped.inc({ kind: 'tick', reason }, n);
    if (result.missing.length > 0)
      this.o.metrics.skipped.inc({ kind: 'tick', reason: 'missing_in_answer' }, result.missing.length);
    for (const failure of result.failed) {
      this.o.metrics.apiErrors.inc({ type: 'bad_pair' });
      this.o.onPairFailed(failure);
    }
    this.nextPollAt = this.after(now, 'poll', result.error, this.o.pollIntervalMs);
    if (result.error) this.fail(out, result.error);
  }

  private async backfill(out: RestOutcome, now: number, signal: AbortSignal): Promise<void> {
    const ranges = this.ownBackfills().slice(0, this.o.maxBackfillsPerCycle ?? 10);
    for (const range of ranges) {
      this.o.metrics.restCalls.inc({ endpoint: 'histominute' });
      const result = await fetchMinuteCandles(this.o.client, range.pair, range.fromMs, range.toMs, signal);
      this.o.tracker.settle(range, result.pendingToMs);
      out.candles.push(...result.candles);
      this.o.metrics.backfilledCandles.inc({ pair: pairId(range.pair) }, result.candles.length);
      for (const [reason, n] of Object.entries(result.skipped))
        this.o.metrics.skipped.inc({ kind: 'candle', reason }, n);
      if (result.candles.length > 0) {
        const minutes = (range.toMs - range.fromMs) / 60_000 + 1;
        this.o.logger.info(
          {
            pair: pairId(range.pair),
            from: new Date(range.fromMs).toISOString(),
            minutes,
            filled: result.candles.length,
          },
          'candle backfill',
        );
      }
      if (result.error) {
        this.backfillRetryAt = now + this.delay(++this.failures.candles);
        return this.fail(out, result.error);
      }
    }
  }

  private async pollCandles(out: RestOutcome, now: number, signal: AbortSignal): Promise<void> {
    const to = floorMinute(now);
    for (const pair of this.o.pairs()) {
      // From the newest known minute (its final values may differ from the last poll) to the open one.
      const from = Math.min(this.o.tracker.lastStart(pair) ?? to, to);
      this.o.metrics.restCalls.inc({ endpoint: 'histominute' });
      const result = await fetchMinuteCandles(this.o.client, pair, from, to, signal);
      out.candles.push(...result.candles);
      if (result.error) {
        this.nextCandlePollAt = this.after(now, 'candles', result.error, this.o.candlePollIntervalMs);
        return this.fail(out, result.error);
      }
    }
    this.nextCandlePollAt = this.after(now, 'candles', null, this.o.candlePollIntervalMs);
  }

  /** The tracker is shared by every source: only the holes of this source's pairs are its work. */
  private ownBackfills() {
    const own = new Set(this.o.pairs().map(pairId));
    return this.o.tracker.backfills().filter((r) => own.has(pairId(r.pair)));
  }

  private after(now: number, which: 'poll' | 'candles', error: ApiError | null, intervalMs: number): number {
    if (!error) {
      this.failures[which] = 0;
      return now + intervalMs;
    }
    return now + this.delay(++this.failures[which]);
  }

  private delay(failures: number): number {
    return retryDelayMs(failures, this.o.retry);
  }

  private fail(out: RestOutcome, error: ApiError): void {
    this.o.metrics.apiErrors.inc({ type: error.kind });
    if (error.kind === 'rate_limited') {
      const waitMs = error.details.retryAfterMs ?? 0;
      this.o.metrics.rateLimitWaits.inc({ reason: 'server' });
      this.o.metrics.rateLimitWaitSeconds.inc({ reason: 'server' }, waitMs / 1000);
      this.o.logger.warn({ waitMs }, 'rate limited by the API; REST calls paused');
    } else {
      this.o.logger.warn({ kind: error.kind, error: error.message }, 'REST call failed');
    }
    if (!out.error || error.kind === 'rate_limited') out.error = error;
  }
}
