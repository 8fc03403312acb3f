import { DYNAMIC_KINDS, MAX_SPEC_SYMBOLS } from '@mdp/contracts/dynamic-spec';
import { isValidNamespace } from '@mdp/contracts/topic-names';
import {
  customVar,
  durationVar,
  enumVar,
  intVar,
  listVar,
  logLevelVar,
  optional,
  portVar,
  secretVar,
  stringVar,
} from '@mdp/runtime/config-vars';
import { httpLimitsShape } from '@mdp/runtime/http-limits';
import { kafkaGroupVars, kafkaVars } from '@mdp/runtime/kafka-config';
import { z } from 'zod';

const DAY_MS = 86_400_000;
const ID = /^[a-zA-Z0-9._-]{1,100}$/;

/** Every environment variable of the coordinator (README lists them from here). */
export const configShape = {
  kafka: {
    // The KAFKA_* settings every service shares (runtime's kafka-config).
    ...kafkaVars({ clientId: 'coordinator' }),
    // Failover takes about the session timeout after the active coordinator dies.
    ...kafkaGroupVars({ sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000 }),
  },
  namespace: customVar(
    'TOPIC_NAMESPACE',
    z.string().refine(isValidNamespace, 'must be [a-z0-9-], at most 40'),
    {
      default: '',
      description: 'prefix of every topic name (tests, several platforms on one broker)',
    },
  ),
  groupId: optional(
    stringVar('COORDINATOR_GROUP_ID', { pattern: ID, description: 'default <namespace.>coordinator' }),
  ),
  instanceId: optional(
    stringVar('COORDINATOR_INSTANCE_ID', {
      pattern: ID,
      description: 'name in logs and /admin/state; default coordinator-<pid>-<time>',
    }),
  ),
  httpPort: portVar('HTTP_PORT', { default: 9102, description: 'health, metrics and admin API' }),
  httpLimits: httpLimitsShape(),
  logLevel: logLevelVar(),
  adminToken: optional(
    secretVar('COORDINATOR_ADMIN_TOKEN', {
      description: 'Bearer token of the admin API (16+ characters); unset disables the admin routes',
    }),
  ),
  requestMaxAgeMs: durationVar('REQUEST_MAX_AGE_MS', {
    description: 'requests older than this (envelope time) are ignored, e.g. replayed after a long outage',
    default: 3_600_000,
    min: 1_000,
    max: 30 * DAY_MS,
  }),
  adminWaitMs: durationVar('ADMIN_WAIT_MS', {
    description: 'how long POST and DELETE /admin/topics wait for the outcome before answering 202',
    default: 15_000,
    min: 100,
    max: 300_000,
  }),
  topic: {
    partitions: intVar('DYN_TOPIC_PARTITIONS', {
      description: 'partitions of each dynamic topic',
      default: 3,
      min: 1,
      max: 64,
    }),
    retentionMs: durationVar('DYN_TOPIC_RETENTION_MS', {
      description: 'retention.ms of each dynamic topic',
      default: DAY_MS,
      min: 60_000,
      max: 30 * DAY_MS,
    }),
    cleanupPolicy: enumVar('DYN_TOPIC_CLEANUP_POLICY', ['delete', 'compact', 'compact,delete'], {
      description: 'cleanup.policy of each dynamic topic',
      default: 'delete',
    }),
  },
  quotas: {
    maxTopics: intVar('QUOTA_MAX_TOPICS', {
      description: 'most live dynamic topics in total',
      default: 200,
      min: 0,
      max: 10_000,
    }),
    maxTopicsPerApp: intVar('QUOTA_MAX_TOPICS_PER_APP', {
      description:
        'most live dynamic topics naming one app in requestedBy (checked when a topic would be created)',
      default: 25,
      min: 0,
      max: 10_000,
    }),
    maxSymbols: intVar('QUOTA_MAX_SYMBOLS', {
      description: 'most symbols in one spec',
      default: MAX_SPEC_SYMBOLS,
      min: 1,
      max: MAX_SPEC_SYMBOLS,
    }),
    allowedKinds: listVar('QUOTA_ALLOWED_KINDS', {
      description: 'spec kinds that may be requested',
      default: DYNAMIC_KINDS,
      item: z.enum(DYNAMIC_KINDS, { error: `each kind must be one of ${DYNAMIC_KINDS.join(', ')}` }),
    }),
  },
  lifecycle: {
    idleRetireMs: durationVar('IDLE_RETIRE_MS', {
      description: 'an active topic with no subscribers for this long is retired',
      default: 600_000,
      min: 1_000,
      max: 30 * DAY_MS,
    }),
    retireGraceMs: durationVar('RETIRE_GRACE_MS', {
      description: 'a retiring topic is deleted this long after it was announced',
      default: 60_000,
      min: 0,
      max: DAY_MS,
    }),
    orphanGraceMs: durationVar('ORPHAN_GRACE_MS', {
      description:
        'a dynamic topic with no registry record is deleted after this long without data or subscribers, and only when the registry read is complete (else it is kept and reported)',
      default: 300_000,
      min: 0,
      max: DAY_MS,
    }),
    reconcileMissing: enumVar('RECONCILE_MISSING', ['recreate', 'fail'], {
      default: 'recreate',
      description: 'an active record whose topic vanished: recreate the topic, or mark the record failed',
    }),
    reconcileIntervalMs: durationVar('RECONCILE_INTERVAL_MS', {
      description: 'broker against registry, while active (and at every takeover)',
      default: 60_000,
      min: 1_000,
      max: DAY_MS,
    }),
    maintenanceIntervalMs: durationVar('MAINTENANCE_INTERVAL_MS', {
      description: 'idle check and deletion of retiring topics, while active',
      default: 5_000,
      min: 100,
      max: 3_600_000,
    }),
  },
  retry: {
    baseMs: durationVar('RETRY_BASE_MS', {
      description: 'first backoff delay after a failed step (exponential, equal jitter)',
      default: 500,
      min: 1,
      max: 60_000,
    }),
    maxMs: durationVar('RETRY_MAX_MS', {
      description: 'longest backoff delay',
      default: 30_000,
      min: 1,
      max: 3_600_000,
    }),
    maxAttempts: intVar('RETRY_MAX_ATTEMPTS', {
      default: 0,
      min: 0,
      max: 1_000_000,
      description: 'failed attempts of one step before the machine halts until RESET; 0 = retry forever',
    }),
  },
} as const;
