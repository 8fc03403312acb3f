import type { ProcessName } from './repo-paths';

export type Ports = Readonly<Record<ProcessName, number>>;

export type EnvInputs = {
  brokers: string;
  databaseUrl: string;
  namespace: string;
  ports: Ports;
  pairs: readonly string[];
  /** `key:appId` pairs for the gateway. */
  apiKeys: string;
  adminToken: string;
};

/**
 * Each service's environment, with every interval shortened so the suite stays within minutes:
 * heartbeats twice a second, retries capped at 2 s, retirement grace 1 s. Variable names are
 * the ones each service's src/config.ts reads.
 */
export function serviceEnv(i: EnvInputs): Record<ProcessName, Record<string, string>> {
  const common = { KAFKA_BROKERS: i.brokers, TOPIC_NAMESPACE: i.namespace, LOG_LEVEL: 'info' };
  const simulator = `http://127.0.0.1:${i.ports.simulator}`;
  return {
    simulator: {},
    coordinator: {
      ...common,
      HTTP_PORT: String(i.ports.coordinator),
      COORDINATOR_ADMIN_TOKEN: i.adminToken,
      DYN_TOPIC_PARTITIONS: '2',
      // Long enough that no restart or outage in these tests outlasts it; the idle-retirement test
      // sets its own short value.
      IDLE_RETIRE_MS: '120000',
      RETIRE_GRACE_MS: '1000',
      ORPHAN_GRACE_MS: '5000',
      RECONCILE_INTERVAL_MS: '2000',
      MAINTENANCE_INTERVAL_MS: '250',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      RETRY_BASE_MS: '200',
      RETRY_MAX_MS: '2000',
    },
    producer: {
      ...common,
      HTTP_PORT: String(i.ports.producer),
      CRYPTOCOMPARE_BASE_URL: simulator,
      CRYPTOCOMPARE_WS_URL: `ws://127.0.0.1:${i.ports.simulator}/v2`,
      // The other sources the simulator serves; used only when a test sets PRODUCER_SOURCES.
      COINBASE_REST_URL: `${simulator}/coinbase`,
      COINBASE_WS_URL: `ws://127.0.0.1:${i.ports.simulator}/coinbase/ws`,
      COINDESK_BASE_URL: `${simulator}/coindesk`,
      COINDESK_WS_URL: `ws://127.0.0.1:${i.ports.simulator}/coindesk/streamer`,
      PRODUCER_PAIRS: i.pairs.join(','),
      PRODUCER_POLL_INTERVAL_MS: '2000',
      PRODUCER_CANDLE_POLL_INTERVAL_MS: '5000',
      PRODUCER_BACKFILL_LOOKBACK_MS: '600000',
      PRODUCER_STREAM_HEARTBEAT_MS: '1000',
      PRODUCER_STREAM_RECONNECT_MIN_MS: '5000',
      PRODUCER_STREAM_RECONNECT_MAX_MS: '5000',
      PRODUCER_RETRY_BASE_MS: '200',
      PRODUCER_RETRY_MAX_MS: '2000',
      PRODUCER_FIXED_TOPIC_PARTITIONS: '3',
    },
    'fixed-sink': {
      ...common,
      HTTP_PORT: String(i.ports['fixed-sink']),
      DATABASE_URL: i.databaseUrl,
      SINK_FLUSH_INTERVAL_MS: '50',
      SINK_RETRY_BASE_MS: '100',
      SINK_RETRY_MAX_MS: '2000',
      SINK_LAG_INTERVAL_MS: '1000',
      SINK_DRAIN_TIMEOUT_MS: '10000',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
    },
    'dynamic-gateway': {
      ...common,
      HTTP_PORT: String(i.ports['dynamic-gateway']),
      GATEWAY_API_KEYS: i.apiKeys,
      GATEWAY_HEARTBEAT_INTERVAL_MS: '500',
      GATEWAY_READER_IDLE_MS: '1000',
      GATEWAY_SSE_KEEPALIVE_MS: '1000',
      GATEWAY_ACTIVATION_TIMEOUT_MS: '30000',
      GATEWAY_RETRY_BASE_MS: '200',
      GATEWAY_RETRY_MAX_MS: '2000',
      WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
    },
  };
}

/** The simulator's command line: a few pairs ticking twice a second, fast heartbeats and candle updates. */
export function simulatorArgs(port: number, pairs: readonly string[], tickRate: number): string[] {
  return [
    '--port',
    String(port),
    '--pairs',
    pairs.join(','),
    '--seed',
    '7',
    '--tick-rate',
    String(tickRate),
    '--heartbeat-ms',
    '500',
    '--candle-update-ms',
    '2000',
  ];
}
