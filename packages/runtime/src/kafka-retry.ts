import type { Logger } from './logger';
import { retry } from './retry';

/**
 * A start-up budget: just after topics are created the broker may still answer
 * NOT_LEADER_FOR_PARTITION or LEADER_NOT_AVAILABLE (leadership not propagated yet), and some kafkajs
 * admin calls retry only UNKNOWN_TOPIC_OR_PARTITION themselves: a few seconds of patience get past
 * it. A service reads it from its configuration.
 */
export type KafkaRetryPolicy = {
  /** Tries in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** Uniform in [0, 1); injectable for tests. */
  random?: () => number;
};

/**
 * A kafkajs error that says trying again may work (`retriable`: leadership moving, connection
 * lost, request timed out). kafkajs marks the end of its own retries (`KafkaJSNumberOfRetriesExceeded`)
 * and misuse (`KafkaJSNonRetriableError`) as not retriable; errors from anything else are bugs.
 */
export function isRetriableKafkaError(e: unknown): boolean {
  return e instanceof Error && e.name.startsWith('KafkaJS') && 'retriable' in e && e.retriable === true;
}

/**
 * Runs `op`, again after a capped, jittered backoff (the runtime's retry loop) while it fails with
 * a retriable Kafka error, at most `policy.attempts` tries.
 */
export function retryKafka<T>(
  what: string,
  op: () => Promise<T>,
  o: {
    logger: Logger;
    policy: KafkaRetryPolicy;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<T> {
  const policy = o.policy;
  return retry(op, {
    backoff: {
      baseMs: policy.baseMs,
      maxMs: policy.maxMs,
      ...(policy.random ? { random: policy.random } : {}),
    },
    maxAttempts: policy.attempts,
    retryable: isRetriableKafkaError,
    ...(o.sleep ? { sleep: o.sleep } : {}),
    onRetry: ({ error, attempt, delayMs }) =>
      o.logger.warn({ err: error, what, attempt, delayMs }, 'retriable Kafka error; trying again'),
  });
}
