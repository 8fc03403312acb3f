import { isValidNamespace } from '@mdp/contracts/topic-names';
import {
  ConfigError,
  type ConfigOf,
  type ConfigProblem,
  type Env,
  loadConfig as loadShape,
} from '@mdp/runtime/config';
import {
  boolVar,
  customVar,
  durationVar,
  intVar,
  logLevelVar,
  optional,
  portVar,
  secretVar,
  stringVar,
  urlVar,
} from '@mdp/runtime/config-vars';
import { httpLimitsShape } from '@mdp/runtime/http-limits';
import { kafkaGroupProblems, kafkaGroupVars, kafkaVars } from '@mdp/runtime/kafka-config';
import { z } from 'zod';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Every setting of the fixed-sink; README.md lists them with their defaults. */
export const configShape = {
  kafka: {
    // The KAFKA_* settings every service shares (runtime's kafka-config).
    ...kafkaVars({ clientId: 'fixed-sink' }),
    // A killed replica's partitions move to the others after about the session timeout.
    ...kafkaGroupVars({ sessionTimeoutMs: 30_000, heartbeatIntervalMs: 3_000 }),
    groupId: optional(
      stringVar('SINK_GROUP_ID', {
        pattern: /^[a-zA-Z0-9._-]{1,200}$/,
        description: 'consumer group; default `<namespace.>fixed-sink`',
      }),
    ),
    maxWaitMs: durationVar('SINK_FETCH_MAX_WAIT_MS', {
      default: 250,
      min: 10,
      max: 30_000,
      description: 'longest a fetch waits for data; also how long fetching idles after a pause is lifted',
    }),
    maxBytesPerPartition: intVar('SINK_FETCH_MAX_BYTES_PER_PARTITION', {
      default: 1_048_576,
      min: 1024,
      max: 64 * 1_048_576,
      description: 'bytes fetched per partition per request',
    }),
    topicPartitions: intVar('SINK_TOPIC_PARTITIONS', {
      default: 6,
      min: 1,
      max: 1000,
      description: 'partitions of a fixed topic the sink has to create (normally they exist already)',
    }),
    dlqMaxRecordBytes: intVar('SINK_DLQ_MAX_RECORD_BYTES', {
      default: 983_040,
      min: 8192,
      max: 64 * 1_048_576,
      description:
        "a rejected message larger than this (key, value, headers) goes to the DLQ as an excerpt (first 4 KiB, size, SHA-256); below the DLQ topic's max.message.bytes",
    }),
    fromBeginning: boolVar('SINK_FROM_BEGINNING', {
      default: true,
      description: 'a new consumer group starts at the earliest offset (the system of record misses nothing)',
    }),
  },
  namespace: customVar(
    'TOPIC_NAMESPACE',
    z.string().refine(isValidNamespace, 'must be lowercase [a-z0-9-], at most 40 characters'),
    { default: '', description: 'prefix of every topic name' },
  ),
  databaseUrl: urlVar('DATABASE_URL', {
    protocols: ['postgres:', 'postgresql:'],
    sensitive: true,
    description: 'PostgreSQL/TimescaleDB connection URL',
  }),
  db: {
    poolSize: intVar('DB_POOL_SIZE', { default: 4, min: 1, max: 100, description: 'database connections' }),
    connectTimeoutMs: durationVar('DB_CONNECT_TIMEOUT_MS', {
      default: 10_000,
      min: 100,
      description: 'per connection attempt',
    }),
    statementTimeoutMs: durationVar('DB_STATEMENT_TIMEOUT_MS', {
      default: 60_000,
      min: 100,
      description: 'server-side limit of one statement (a batch write)',
    }),
  },
  http: { port: portVar('HTTP_PORT', { default: 9103, description: 'health, readiness and metrics' }) },
  httpLimits: httpLimitsShape(),
  adminToken: optional(
    secretVar('SINK_ADMIN_TOKEN', {
      description:
        'Bearer token of GET /admin/machines and POST /admin/machines/fixedSink/reset; unset disables them (503)',
    }),
  ),
  logLevel: logLevelVar(),
  batch: {
    size: intVar('SINK_BATCH_SIZE', {
      default: 30_000,
      min: 1,
      max: 100_000,
      description: 'most messages per DB write (a batch takes what is buffered, up to this)',
    }),
    flushIntervalMs: durationVar('SINK_FLUSH_INTERVAL_MS', {
      default: 0,
      min: 0,
      max: 60_000,
      description:
        'longest a partial batch waits for more messages (0: written as soon as the writer is free)',
    }),
    maxBuffered: intVar('SINK_MAX_BUFFERED', {
      default: 60_000,
      min: 1,
      max: 1_000_000,
      description: 'fetched but unwritten messages above which consumption pauses',
    }),
  },
  retry: {
    baseMs: durationVar('SINK_RETRY_BASE_MS', {
      default: 200,
      min: 1,
      description: 'first delay before a failed batch stage is retried (doubling, equal jitter)',
    }),
    maxMs: durationVar('SINK_RETRY_MAX_MS', {
      default: 30_000,
      min: 1,
      description: 'cap of the retry delay',
    }),
  },
  startupTimeoutMs: durationVar('SINK_STARTUP_TIMEOUT_MS', {
    default: 60_000,
    min: 0,
    description: 'how long start keeps retrying an unreachable database before it fails',
  }),
  drainTimeoutMs: durationVar('SINK_DRAIN_TIMEOUT_MS', {
    default: 20_000,
    min: 0,
    description: 'on SIGTERM, longest wait for buffered messages to be written before leaving',
  }),
  lagIntervalMs: durationVar('SINK_LAG_INTERVAL_MS', {
    default: 10_000,
    min: 100,
    description: 'consumer lag poll',
  }),
  summaryIntervalMs: durationVar('SINK_LOG_INTERVAL_MS', {
    default: 30_000,
    min: 100,
    description: 'interval of the "batches written" summary log line',
  }),
  timescale: {
    ticksChunkMs: durationVar('TIMESCALE_TICKS_CHUNK_MS', {
      default: DAY_MS,
      min: HOUR_MS,
      description: 'chunk interval of the ticks hypertable (new chunks)',
    }),
    candlesChunkMs: durationVar('TIMESCALE_CANDLES_CHUNK_MS', {
      default: 7 * DAY_MS,
      min: HOUR_MS,
      description: 'chunk interval of the candles_1m hypertable (new chunks)',
    }),
    compressAfterMs: durationVar('TIMESCALE_COMPRESS_AFTER_MS', {
      default: 7 * DAY_MS,
      min: HOUR_MS,
      description: 'age after which chunks are compressed (columnstore), segmented by pair',
    }),
    ticksRetentionMs: durationVar('TIMESCALE_TICKS_RETENTION_MS', {
      default: 90 * DAY_MS,
      min: 0,
      description: 'raw ticks older than this are dropped; 0 keeps them forever',
    }),
  },
};

export type SinkConfig = ConfigOf<typeof configShape> & { readonly groupId: string };

/** Reads and validates the environment once (all problems reported together); frozen. */
export function loadConfig(env: Env): SinkConfig {
  const config = loadShape(configShape, env);
  const problems: ConfigProblem[] = [];
  if (config.retry.baseMs > config.retry.maxMs)
    problems.push({ variable: 'SINK_RETRY_BASE_MS', reason: 'must not exceed SINK_RETRY_MAX_MS' });
  problems.push(...kafkaGroupProblems(config.kafka));
  if (problems.length > 0) throw new ConfigError(problems);
  const prefix = config.namespace ? `${config.namespace}.` : '';
  return Object.freeze({ ...config, groupId: config.kafka.groupId ?? `${prefix}fixed-sink` });
}
