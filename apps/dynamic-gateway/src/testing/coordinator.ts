import { createApp, loadConfig } from '@mdp/coordinator/app';
import { createLogger } from '@mdp/runtime/logger';

/** The real coordinator, in-process, on the test's namespace (only tick topics are allowed: candles are refused). */
export async function startCoordinator(namespace: string, env: Record<string, string> = {}) {
  const config = loadConfig({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_NAMESPACE: namespace,
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    QUOTA_ALLOWED_KINDS: 'ticks',
    DYN_TOPIC_RETENTION_MS: '3600000',
    ...env,
  });
  const app = createApp(config, { logger: createLogger({ service: 'coordinator', level: config.logLevel }) });
  await app.start();
  return app;
}
