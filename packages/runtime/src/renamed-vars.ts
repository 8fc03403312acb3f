import type { ConfigProblem, Env } from './config';

/**
 * Variables that were renamed, old name → new name. Durations became integer milliseconds named
 * `..._MS`; `KAFKA_*` names are kept for the settings every service shares (runtime's kafka-config),
 * so a fixed-sink-only fetch setting moved under `SINK_`. An old name that is still set fails the
 * config (instead of being silently ignored while its default applies).
 */
export const RENAMED_VARIABLES: Readonly<Record<string, string>> = Object.freeze({
  HTTP_HEADERS_TIMEOUT: 'HTTP_HEADERS_TIMEOUT_MS',
  HTTP_REQUEST_TIMEOUT: 'HTTP_REQUEST_TIMEOUT_MS',
  HTTP_KEEP_ALIVE_TIMEOUT: 'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  KAFKA_SESSION_TIMEOUT: 'KAFKA_SESSION_TIMEOUT_MS',
  KAFKA_HEARTBEAT_INTERVAL: 'KAFKA_HEARTBEAT_INTERVAL_MS',
  KAFKA_MAX_WAIT: 'SINK_FETCH_MAX_WAIT_MS',
  KAFKA_MAX_BYTES_PER_PARTITION: 'SINK_FETCH_MAX_BYTES_PER_PARTITION',
  DB_CONNECT_TIMEOUT: 'DB_CONNECT_TIMEOUT_MS',
  DB_STATEMENT_TIMEOUT: 'DB_STATEMENT_TIMEOUT_MS',
  SINK_FLUSH_INTERVAL: 'SINK_FLUSH_INTERVAL_MS',
  SINK_RETRY_BASE: 'SINK_RETRY_BASE_MS',
  SINK_RETRY_MAX: 'SINK_RETRY_MAX_MS',
  SINK_STARTUP_TIMEOUT: 'SINK_STARTUP_TIMEOUT_MS',
  SINK_DRAIN_TIMEOUT: 'SINK_DRAIN_TIMEOUT_MS',
  SINK_LAG_INTERVAL: 'SINK_LAG_INTERVAL_MS',
  SINK_LOG_INTERVAL: 'SINK_LOG_INTERVAL_MS',
  TIMESCALE_TICKS_CHUNK: 'TIMESCALE_TICKS_CHUNK_MS',
  TIMESCALE_CANDLES_CHUNK: 'TIMESCALE_CANDLES_CHUNK_MS',
  TIMESCALE_COMPRESS_AFTER: 'TIMESCALE_COMPRESS_AFTER_MS',
  TIMESCALE_TICKS_RETENTION: 'TIMESCALE_TICKS_RETENTION_MS',
  GATEWAY_ACTIVATION_TIMEOUT: 'GATEWAY_ACTIVATION_TIMEOUT_MS',
  GATEWAY_READER_READY_TIMEOUT: 'GATEWAY_READER_READY_TIMEOUT_MS',
  GATEWAY_READER_IDLE: 'GATEWAY_READER_IDLE_MS',
  GATEWAY_FETCH_MAX_WAIT: 'GATEWAY_FETCH_MAX_WAIT_MS',
  GATEWAY_CATCH_UP_QUEUE_TIMEOUT: 'GATEWAY_CATCH_UP_QUEUE_TIMEOUT_MS',
  GATEWAY_CATCH_UP_STALL_TIMEOUT: 'GATEWAY_CATCH_UP_STALL_TIMEOUT_MS',
  GATEWAY_HEARTBEAT_INTERVAL: 'GATEWAY_HEARTBEAT_INTERVAL_MS',
  GATEWAY_SSE_KEEPALIVE: 'GATEWAY_SSE_KEEPALIVE_MS',
  GATEWAY_WS_PING_INTERVAL: 'GATEWAY_WS_PING_INTERVAL_MS',
  GATEWAY_RETRY_BASE: 'GATEWAY_RETRY_BASE_MS',
  GATEWAY_RETRY_MAX: 'GATEWAY_RETRY_MAX_MS',
  HISTORY_STATEMENT_TIMEOUT: 'HISTORY_STATEMENT_TIMEOUT_MS',
  WEBHOOK_TIMEOUT: 'WEBHOOK_TIMEOUT_MS',
  WEBHOOK_LINGER: 'WEBHOOK_LINGER_MS',
  WEBHOOK_RETRY_BASE: 'WEBHOOK_RETRY_BASE_MS',
  WEBHOOK_RETRY_MAX: 'WEBHOOK_RETRY_MAX_MS',
  PRODUCER_HTTP_TIMEOUT: 'PRODUCER_HTTP_TIMEOUT_MS',
  PRODUCER_POLL_INTERVAL: 'PRODUCER_POLL_INTERVAL_MS',
  PRODUCER_CANDLE_POLL_INTERVAL: 'PRODUCER_CANDLE_POLL_INTERVAL_MS',
  PRODUCER_BACKFILL_LOOKBACK: 'PRODUCER_BACKFILL_LOOKBACK_MS',
  PRODUCER_STREAM_BATCH: 'PRODUCER_STREAM_BATCH_MS',
  PRODUCER_STREAM_HEARTBEAT: 'PRODUCER_STREAM_HEARTBEAT_MS',
  PRODUCER_STREAM_RECONNECT_MIN: 'PRODUCER_STREAM_RECONNECT_MIN_MS',
  PRODUCER_STREAM_RECONNECT_MAX: 'PRODUCER_STREAM_RECONNECT_MAX_MS',
  PRODUCER_FAILED_PAIR_RETRY: 'PRODUCER_FAILED_PAIR_RETRY_MS',
  PRODUCER_RETRY_BASE: 'PRODUCER_RETRY_BASE_MS',
  PRODUCER_RETRY_MAX: 'PRODUCER_RETRY_MAX_MS',
  PRODUCER_LINGER: 'PRODUCER_LINGER_MS',
});

/**
 * A problem for each old name set in `env` whose replacement is one of `variables` (the service's
 * own), so an old name shared with another service's environment is only refused where it applied.
 */
export function renamedVariableProblems(
  variables: ReadonlySet<string>,
  env: Env,
  renamed: Readonly<Record<string, string>> = RENAMED_VARIABLES,
): ConfigProblem[] {
  return Object.entries(renamed).flatMap(([oldName, newName]) => {
    if (!variables.has(newName) || (env[oldName] ?? '').trim() === '') return [];
    const unit = newName.endsWith('_MS') ? ' (integer milliseconds, e.g. 5000 for 5s)' : '';
    return [{ variable: oldName, reason: `was renamed: set ${newName}${unit} instead` }];
  });
}

/** The renames that concern a service: `[old, new]` for each new name among its variables. */
export function renamesInto(variables: Iterable<string>): [oldName: string, newName: string][] {
  const read = new Set(variables);
  return Object.entries(RENAMED_VARIABLES).filter(([, newName]) => read.has(newName));
}
