import { createLogger } from '@mdp/runtime/logger';
import { createMetricsRegistry, type Registry } from '@mdp/runtime/metrics';
import { uniqueNamespace } from '@mdp/runtime/testing';
import { createApp, type SinkApp } from '../app';
import { loadConfig, type SinkConfig } from '../config';

/** Settings for tests: quick retries and flushes, port 0, quiet logs (LOG_LEVEL overrides). */
export function testConfig(env: Record<string, string>): SinkConfig {
  return loadConfig({
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SINK_FLUSH_INTERVAL_MS: '20',
    SINK_RETRY_BASE_MS: '50',
    SINK_RETRY_MAX_MS: '500',
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    SINK_LAG_INTERVAL_MS: '500',
    SINK_TOPIC_PARTITIONS: '4',
    SINK_DRAIN_TIMEOUT_MS: '10000',
    ...env,
  });
}

/** A sink app in this process (not started yet), with its own metrics registry. */
export function startSinkApp(env: Record<string, string>): {
  app: SinkApp;
  config: SinkConfig;
  registry: Registry;
} {
  const config = testConfig(env);
  const logger = createLogger({ service: 'fixed-sink', level: config.logLevel });
  const registry = createMetricsRegistry('fixed-sink', { defaultMetrics: false });
  const app = createApp(config, {
    logger,
    registry,
    onFatal: (reason) => logger.fatal({ reason }, 'fatal in test'),
  });
  return { app, config, registry };
}

/** Sum of a counter over its labels (e.g. rows a replica wrote). */
export async function counterTotal(registry: Registry, name: string): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

export { uniqueNamespace };
