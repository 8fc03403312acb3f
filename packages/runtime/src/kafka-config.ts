import type { ConfigOf, ConfigProblem } from './config';
import { durationVar, intVar, kafkaBrokersVar, stringVar } from './config-vars';
import {
  DEFAULT_KAFKA_CONNECTION_TIMEOUT_MS,
  DEFAULT_KAFKA_REQUEST_TIMEOUT_MS,
  DEFAULT_KAFKA_RETRY,
  type KafkaClientOptions,
} from './kafka-client';
import { kafkaClusterVars, kafkaSecurityOptions } from './kafka-security';

/**
 * The `KAFKA_*` variables every service reads, defined here once: brokers, client id, timeouts,
 * retries, replication factor (min.insync.replicas follows it), TLS and SASL. A service spreads
 * this into its `kafka` group and only chooses its client id's default.
 */
export function kafkaVars(defaults: { clientId: string }) {
  return {
    brokers: kafkaBrokersVar(),
    clientId: stringVar('KAFKA_CLIENT_ID', {
      default: defaults.clientId,
      pattern: /^[a-zA-Z0-9._-]{1,100}$/,
      description: 'client id on the broker (logs, quotas)',
    }),
    connectionTimeoutMs: durationVar('KAFKA_CONNECTION_TIMEOUT_MS', {
      default: DEFAULT_KAFKA_CONNECTION_TIMEOUT_MS,
      min: 100,
      max: 120_000,
      description: 'longest wait for a TCP (and TLS) connection to a broker',
    }),
    requestTimeoutMs: durationVar('KAFKA_REQUEST_TIMEOUT_MS', {
      default: DEFAULT_KAFKA_REQUEST_TIMEOUT_MS,
      min: 100,
      max: 600_000,
      description: 'longest wait for a broker to answer one request',
    }),
    retries: intVar('KAFKA_RETRIES', {
      default: DEFAULT_KAFKA_RETRY.retries ?? 8,
      min: 0,
      max: 100,
      description:
        'retries of one client operation (300 ms doubling to 30 s) before its error reaches the service, which backs off in its machine',
    }),
    // KAFKA_REPLICATION_FACTOR, KAFKA_TLS* and KAFKA_SASL_*.
    ...kafkaClusterVars(),
  };
}

export type KafkaConfig = ConfigOf<ReturnType<typeof kafkaVars>>;

/**
 * Consumer-group timing, for the services whose consumers share partitions in a group; the
 * default says how soon a dead member's partitions move (the broker's minimum is usually 6 s).
 */
export function kafkaGroupVars(defaults: { sessionTimeoutMs: number; heartbeatIntervalMs: number }) {
  return {
    sessionTimeoutMs: durationVar('KAFKA_SESSION_TIMEOUT_MS', {
      default: defaults.sessionTimeoutMs,
      min: 1_000,
      max: 300_000,
      description:
        'a group member silent this long loses its partitions (how soon a dead instance is replaced)',
    }),
    heartbeatIntervalMs: durationVar('KAFKA_HEARTBEAT_INTERVAL_MS', {
      default: defaults.heartbeatIntervalMs,
      min: 100,
      max: 60_000,
      description: 'consumer group heartbeat; at most a third of KAFKA_SESSION_TIMEOUT_MS',
    }),
  };
}

/** What loadConfig cannot check variable by variable: the heartbeat must fit three times in the session. */
export function kafkaGroupProblems(group: {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}): ConfigProblem[] {
  return group.heartbeatIntervalMs * 3 > group.sessionTimeoutMs
    ? [
        {
          variable: 'KAFKA_HEARTBEAT_INTERVAL_MS',
          reason: 'must be at most a third of KAFKA_SESSION_TIMEOUT_MS',
        },
      ]
    : [];
}

/**
 * `createKafka` options (all but the logger) for a loaded `kafkaVars` block; reads the TLS files
 * and throws a `ConfigError` for an inconsistent security block (see kafkaSecurityOptions).
 */
export function kafkaClientOptions(config: KafkaConfig): Omit<KafkaClientOptions, 'logger'> {
  return {
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeoutMs: config.connectionTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    retry: { retries: config.retries },
    ...kafkaSecurityOptions(config.security),
  };
}
