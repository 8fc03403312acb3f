import { createLogger } from '@mdp/runtime/logger';
import { type AppDeps, createApp } from '../app';
import { loadConfig } from '../config';

export const KEY_A = 'key-a-0123456789abcdef';
export const KEY_B = 'key-b-0123456789abcdef';
export const KEY_C = 'key-c-0123456789abcdef';

/** A gateway on an ephemeral port with short timings, in the test's namespace (a test may bring its own logger). */
export async function startGateway(namespace: string, env: Record<string, string> = {}, deps: AppDeps = {}) {
  const config = loadConfig({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_NAMESPACE: namespace,
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    GATEWAY_API_KEYS: `${KEY_A}:app-a,${KEY_B}:app-b,${KEY_C}:app-c`,
    GATEWAY_HEARTBEAT_INTERVAL_MS: '300',
    GATEWAY_ACTIVATION_TIMEOUT_MS: '20000',
    GATEWAY_READER_IDLE_MS: '500',
    GATEWAY_SSE_KEEPALIVE_MS: '1000',
    WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
    WEBHOOK_RETRY_BASE_MS: '50',
    WEBHOOK_RETRY_MAX_MS: '200',
    WEBHOOK_LINGER_MS: '20',
    ...env,
  });
  const logger = deps.logger ?? createLogger({ service: 'dynamic-gateway', level: config.logLevel });
  const app = createApp(config, { ...deps, logger });
  await app.start();
  const port = app.port();
  return { app, port, config, base: `http://127.0.0.1:${port}` };
}

export type StartedGateway = Awaited<ReturnType<typeof startGateway>>;

export async function api(
  gw: { base: string },
  method: string,
  path: string,
  opts: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: { [k: string]: unknown } }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key !== null) headers.authorization = `Bearer ${opts.key ?? KEY_A}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${gw.base}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    ...(opts.raw !== undefined ? { body: opts.raw } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { [k: string]: unknown }) : {} };
}
