import { DYNAMIC_KINDS, MAX_SPEC_SYMBOLS } from '@mdp/contracts/dynamic-spec';
import { isValidNamespace } from '@mdp/contracts/topic-names';
import { z } from 'zod';

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const DAY_MS = 86_400_000;

/** Every setting of the coordinator, from the environment. Names are the env variable names. */
const EnvSchema = z
  .object({
    KAFKA_BROKERS: list.pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).min(1)),
    KAFKA_CLIENT_ID: z.string().min(1).max(100).default('coordinator'),
    TOPIC_NAMESPACE: z.string().default('').refine(isValidNamespace, 'lowercase [a-z0-9-], at most 40'),
    HTTP_PORT: int(0, 65_535, 9102),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Bearer token of the admin API; empty disables the admin routes (they answer 503). */
    COORDINATOR_ADMIN_TOKEN: z
      .string()
      .default('')
      .refine((t) => t === '' || t.length >= 16, 'at least 16 characters (or empty to disable)'),
    /** Group of the coordinators on the request topic; defaults to `<namespace.>coordinator`. */
    COORDINATOR_GROUP_ID: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,200}$/)
      .optional(),
    COORDINATOR_INSTANCE_ID: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,100}$/)
      .optional(),
    /** Failover time is about the session timeout (the broker's minimum is 6 s by default). */
    KAFKA_SESSION_TIMEOUT_MS: int(1_000, 300_000, 6_000),
    KAFKA_HEARTBEAT_INTERVAL_MS: int(100, 60_000, 1_000),
    DYN_TOPIC_PARTITIONS: int(1, 64, 3),
    DYN_TOPIC_REPLICATION_FACTOR: int(1, 7, 1),
    DYN_TOPIC_RETENTION_MS: int(60_000, 30 * DAY_MS, DAY_MS),
    DYN_TOPIC_CLEANUP_POLICY: z.enum(['delete', 'compact', 'compact,delete']).default('delete'),
    QUOTA_MAX_TOPICS: int(0, 10_000, 200),
    QUOTA_MAX_TOPICS_PER_APP: int(0, 10_000, 25),
    QUOTA_MAX_SYMBOLS: int(1, MAX_SPEC_SYMBOLS, MAX_SPEC_SYMBOLS),
    QUOTA_ALLOWED_KINDS: list.pipe(z.array(z.enum(DYNAMIC_KINDS)).min(1)).default([...DYNAMIC_KINDS]),
    IDLE_RETIRE_MS: int(1_000, 30 * DAY_MS, 600_000),
    RETIRE_GRACE_MS: int(0, DAY_MS, 60_000),
    ORPHAN_GRACE_MS: int(0, DAY_MS, 300_000),
    /** What to do with an active record whose topic vanished from the broker. */
    RECONCILE_MISSING: z.enum(['recreate', 'fail']).default('recreate'),
    RECONCILE_INTERVAL_MS: int(1_000, DAY_MS, 60_000),
    MAINTENANCE_INTERVAL_MS: int(100, 3_600_000, 5_000),
    RETRY_BASE_MS: int(1, 60_000, 500),
    RETRY_MAX_MS: int(1, 3_600_000, 30_000),
    /** Consecutive failed attempts before the machine halts in `error` until RESET; 0 = never halt. */
    RETRY_MAX_ATTEMPTS: int(0, 1_000_000, 0),
    ADMIN_WAIT_MS: int(100, 300_000, 15_000),
  })
  .refine((e) => e.KAFKA_HEARTBEAT_INTERVAL_MS * 3 <= e.KAFKA_SESSION_TIMEOUT_MS, {
    message: 'must be at most a third of KAFKA_SESSION_TIMEOUT_MS',
    path: ['KAFKA_HEARTBEAT_INTERVAL_MS'],
  })
  .refine((e) => e.RETRY_BASE_MS <= e.RETRY_MAX_MS, {
    message: 'must not exceed RETRY_MAX_MS',
    path: ['RETRY_BASE_MS'],
  });

type Env = z.output<typeof EnvSchema>;

export type CoordinatorConfig = Readonly<{
  kafka: Readonly<{ brokers: readonly string[]; clientId: string }>;
  namespace: string;
  groupId: string;
  instanceId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  httpPort: number;
  logLevel: Env['LOG_LEVEL'];
  adminToken: string;
  adminWaitMs: number;
  topic: Readonly<{
    partitions: number;
    replicationFactor: number;
    retentionMs: number;
    cleanupPolicy: Env['DYN_TOPIC_CLEANUP_POLICY'];
  }>;
  quotas: Readonly<{
    maxTopics: number;
    maxTopicsPerApp: number;
    maxSymbols: number;
    allowedKinds: readonly Env['QUOTA_ALLOWED_KINDS'][number][];
  }>;
  lifecycle: Readonly<{
    idleRetireMs: number;
    retireGraceMs: number;
    orphanGraceMs: number;
    reconcileMissing: Env['RECONCILE_MISSING'];
    reconcileIntervalMs: number;
    maintenanceIntervalMs: number;
  }>;
  retry: Readonly<{ baseMs: number; maxMs: number; maxAttempts: number }>;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** Reads and validates the environment once; reports every problem at once. */
export function loadConfig(env: Record<string, string | undefined>): CoordinatorConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const ns = e.TOPIC_NAMESPACE;
  return deepFreeze({
    kafka: { brokers: e.KAFKA_BROKERS, clientId: e.KAFKA_CLIENT_ID },
    namespace: ns,
    groupId: e.COORDINATOR_GROUP_ID ?? `${ns ? `${ns}.` : ''}coordinator`,
    instanceId: e.COORDINATOR_INSTANCE_ID ?? `coordinator-${process.pid}-${Date.now().toString(36)}`,
    sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: e.KAFKA_HEARTBEAT_INTERVAL_MS,
    httpPort: e.HTTP_PORT,
    logLevel: e.LOG_LEVEL,
    adminToken: e.COORDINATOR_ADMIN_TOKEN,
    adminWaitMs: e.ADMIN_WAIT_MS,
    topic: {
      partitions: e.DYN_TOPIC_PARTITIONS,
      replicationFactor: e.DYN_TOPIC_REPLICATION_FACTOR,
      retentionMs: e.DYN_TOPIC_RETENTION_MS,
      cleanupPolicy: e.DYN_TOPIC_CLEANUP_POLICY,
    },
    quotas: {
      maxTopics: e.QUOTA_MAX_TOPICS,
      maxTopicsPerApp: e.QUOTA_MAX_TOPICS_PER_APP,
      maxSymbols: e.QUOTA_MAX_SYMBOLS,
      allowedKinds: e.QUOTA_ALLOWED_KINDS,
    },
    lifecycle: {
      idleRetireMs: e.IDLE_RETIRE_MS,
      retireGraceMs: e.RETIRE_GRACE_MS,
      orphanGraceMs: e.ORPHAN_GRACE_MS,
      reconcileMissing: e.RECONCILE_MISSING,
      reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
      maintenanceIntervalMs: e.MAINTENANCE_INTERVAL_MS,
    },
    retry: { baseMs: e.RETRY_BASE_MS, maxMs: e.RETRY_MAX_MS, maxAttempts: e.RETRY_MAX_ATTEMPTS },
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
