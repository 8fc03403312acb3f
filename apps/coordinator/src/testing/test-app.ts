import { testInfra } from '@mdp/local-infra/test-env';
import { createLogger } from '@mdp/runtime/logger';
import { type CoordinatorApp, createApp } from '../app';
import { loadConfig } from '../config';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** Settings that keep the tests quick (seconds, not minutes). */
export function testEnv(namespace: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
    TOPIC_NAMESPACE: namespace,
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    COORDINATOR_ADMIN_TOKEN: ADMIN_TOKEN,
    DYN_TOPIC_PARTITIONS: '2',
    DYN_TOPIC_RETENTION_MS: '3600000',
    MAINTENANCE_INTERVAL_MS: '200',
    RECONCILE_INTERVAL_MS: '1000',
    RETRY_BASE_MS: '100',
    RETRY_MAX_MS: '1000',
    ADMIN_WAIT_MS: '15000',
    ...extra,
  };
}

/** Starts a coordinator in this process. */
export async function startCoordinator(
  namespace: string,
  extra: Record<string, string> = {},
): Promise<CoordinatorApp> {
  const config = loadConfig(testEnv(namespace, extra));
  const app = createApp(config, { logger: createLogger({ service: 'coordinator', level: config.logLevel }) });
  await app.start();
  return app;
}

/** Resolves when `check` holds, polling; fails with the last state after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
