import { loadConfig as loadSinkConfig } from '@mdp/fixed-sink/config';
import { loadConfig as loadProducerConfig } from '@mdp/producer/config';

/**
 * The settings a service runs with, read through its own config loader from the environment the
 * benchmark gives it: the report states what was measured, and never goes stale when a default changes.
 */
export function sinkSettings(env: Record<string, string>) {
  const c = loadSinkConfig({
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL: 'postgres://127.0.0.1/x',
    ...env,
  });
  return {
    SINK_BATCH_SIZE: c.batch.size,
    SINK_FLUSH_INTERVAL_MS: c.batch.flushIntervalMs,
    SINK_MAX_BUFFERED: c.batch.maxBuffered,
    DB_POOL_SIZE: c.db.poolSize,
  };
}

export function producerSettings(env: Record<string, string>) {
  const c = loadProducerConfig({ KAFKA_BROKERS: '127.0.0.1:9092', ...env });
  return { PRODUCER_STREAM_BATCH_MS: c.streamBatchMs, PRODUCER_LINGER_MS: c.kafka.lingerMs };
}
