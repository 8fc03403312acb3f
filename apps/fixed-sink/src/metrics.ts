import { counter, gauge, histogram, type Registry } from '@mdp/runtime/metrics';

/** The sink's own series (the registry adds Node's defaults and a `service` label). */
export function createSinkMetrics(registry: Registry) {
  return {
    rowsWritten: counter(registry, {
      name: 'fixed_sink_rows_written_total',
      help: 'Rows inserted (ticks) or inserted/updated (candles); replays write nothing',
      labelNames: ['table'],
    }),
    batchesWritten: counter(registry, {
      name: 'fixed_sink_batches_written_total',
      help: 'Batches written, by path: copy (COPY with the offsets) or insert (the idempotent fallback)',
      labelNames: ['path'],
    }),
    messages: counter(registry, {
      name: 'fixed_sink_messages_total',
      help: 'Messages handled, by topic and outcome (stored, invalid, db_rejected)',
      labelNames: ['topic', 'outcome'],
    }),
    dlq: counter(registry, {
      name: 'fixed_sink_dlq_messages_total',
      help: 'Messages sent to the DLQ, by reason code',
      labelNames: ['reason_code'],
    }),
    dbErrors: counter(registry, {
      name: 'fixed_sink_db_errors_total',
      help: 'Database errors: failed batch writes (unavailable) and rows refused (data)',
      labelNames: ['kind'],
    }),
    stageFailures: counter(registry, {
      name: 'fixed_sink_stage_failures_total',
      help: 'Failed attempts of a batch stage (process, write, commit); each is retried',
      labelNames: ['stage'],
    }),
    commitsRejected: counter(registry, {
      name: 'fixed_sink_commits_rejected_total',
      help: 'Offset commits refused because the group rebalanced (the rows were stored)',
    }),
    batchLatency: histogram(registry, {
      name: 'fixed_sink_batch_latency_seconds',
      help: 'From the oldest message of a batch being fetched to its offsets being committed',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
    batchDuration: histogram(registry, {
      name: 'fixed_sink_batch_duration_seconds',
      help: 'Processing, writing and committing one batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    batchMessages: histogram(registry, {
      name: 'fixed_sink_batch_messages',
      help: 'Messages per batch',
      buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000],
    }),
    lag: gauge(registry, {
      name: 'fixed_sink_consumer_lag',
      help: 'Messages not yet committed, per partition (high watermark minus committed offset)',
      labelNames: ['topic', 'partition'],
    }),
    buffered: gauge(registry, {
      name: 'fixed_sink_buffered_messages',
      help: 'Fetched messages not yet written',
    }),
    paused: gauge(registry, {
      name: 'fixed_sink_database_paused',
      help: '1 while consumption is paused because the database is unavailable',
    }),
  };
}

export type SinkMetrics = ReturnType<typeof createSinkMetrics>;
