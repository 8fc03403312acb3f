import type { Logger } from '@mdp/runtime/logger';
import type { Actor } from 'xstate';
import type { FixedConsumer } from './kafka/fixed-consumer';
import type { SinkMachine } from './machine';
import type { SinkEmitted } from './machine-types';
import type { SinkMetrics } from './metrics';

type Committed = Extract<SinkEmitted, { type: 'BATCH_COMMITTED' }>;
type Totals = {
  batches: number;
  messages: number;
  ticks: number;
  candles: number;
  rejected: number;
  latencyMs: number;
};
const noTotals = (): Totals => ({ batches: 0, messages: 0, ticks: 0, candles: 0, rejected: 0, latencyMs: 0 });

function countByTopic(event: Committed, metrics: SinkMetrics): number {
  const { batch, mapped, written } = event;
  const totals = new Map<string, number>();
  for (const m of batch.messages) totals.set(m.topic, (totals.get(m.topic) ?? 0) + 1);
  for (const [outcome, rejections] of [
    ['invalid', mapped.rejected],
    ['db_rejected', written.rejected],
  ] as const) {
    for (const r of rejections) {
      metrics.messages.inc({ topic: r.source.topic, outcome });
      metrics.dlq.inc({ reason_code: r.code });
      totals.set(r.source.topic, (totals.get(r.source.topic) ?? 0) - 1);
    }
  }
  for (const [topic, stored] of totals) metrics.messages.inc({ topic, outcome: 'stored' }, stored);
  return mapped.rejected.length + written.rejected.length;
}

/**
 * What the machine reports becomes consumer actions, metrics and logs: pause/resume on database
 * trouble, rewinds of batches given up, one summary line per interval instead of a line per batch.
 */
export function observeSink(
  actor: Actor<SinkMachine>,
  deps: {
    metrics: SinkMetrics;
    logger: Logger;
    consumer: FixedConsumer;
    summaryIntervalMs: number;
    now?: () => number;
  },
): { stop(): void } {
  const { metrics, logger, consumer } = deps;
  const now = deps.now ?? Date.now;
  let paused = false;
  let totals = noTotals();

  const subscriptions = [
    actor.on('CONSUMPTION_PAUSED', ({ reason }) => {
      if (paused) return;
      paused = true;
      consumer.setPaused('database', true);
      metrics.paused.set(1);
      logger.warn({ reason }, 'database unavailable: consumption paused, retrying the batch with backoff');
    }),
    actor.on('CONSUMPTION_RESUMED', () => {
      if (!paused) return;
      paused = false;
      consumer.setPaused('database', false);
      metrics.paused.set(0);
      logger.info('database answers again: consumption resumed');
    }),
    actor.on('BATCH_COMMITTED', (event) => {
      const { batch, written, commit } = event;
      const done = now();
      metrics.batchesWritten.inc({ path: written.path ?? 'insert' });
      metrics.rowsWritten.inc({ table: 'ticks' }, written.ticksInserted);
      metrics.rowsWritten.inc({ table: 'candles_1m' }, written.candlesUpserted);
      metrics.dbErrors.inc({ kind: 'data' }, written.rejected.length);
      metrics.batchLatency.observe((done - batch.bufferedAt) / 1000);
      metrics.batchDuration.observe((done - batch.takenAt) / 1000);
      metrics.batchMessages.observe(batch.messages.length);
      const rejected = countByTopic(event, metrics);
      if (!commit.committed) {
        metrics.commitsRejected.inc();
        logger.warn(
          { batch: batch.id, reason: commit.reason },
          'offset commit refused after a rebalance (rows are stored)',
        );
      }
      totals.batches += 1;
      totals.messages += batch.messages.length;
      totals.ticks += written.ticksInserted;
      totals.candles += written.candlesUpserted;
      totals.rejected += rejected;
      totals.latencyMs += done - batch.bufferedAt;
    }),
    actor.on('BATCH_ABANDONED', ({ batch, reason }) => {
      try {
        consumer.rewind(batch.ranges);
      } catch (error) {
        logger.debug({ err: error }, 'rewind not possible (consumer stopping)');
      }
      logger.warn(
        { batch: batch.id, messages: batch.messages.length, reason },
        'batch given up: it will be fetched again',
      );
    }),
    actor.on('STAGE_FAILED', ({ failure }) => {
      metrics.stageFailures.inc({ stage: failure.stage });
      if (failure.stage === 'write') metrics.dbErrors.inc({ kind: 'unavailable' });
      logger.warn(
        { stage: failure.stage, attempt: failure.attempt, error: failure.message },
        'batch stage failed; retrying',
      );
    }),
  ];

  const timer = setInterval(() => {
    if (totals.batches === 0) return;
    const { latencyMs, ...counts } = totals;
    logger.info({ ...counts, avgLatencyMs: Math.round(latencyMs / counts.batches) }, 'batches written');
    totals = noTotals();
  }, deps.summaryIntervalMs);
  timer.unref();

  return {
    stop() {
      clearInterval(timer);
      for (const s of subscriptions) s.unsubscribe();
    },
  };
}
