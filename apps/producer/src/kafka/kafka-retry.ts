import { backoffDelay } from '@mdp/runtime/backoff';
import type { Logger } from '@mdp/runtime/logger';

export type KafkaRetryPolicy = {
  /** Tries in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** Uniform in [0, 1); injectable for tests. */
  random?: () => number;
};

/**
 * Just after topics are created the broker may still answer NOT_LEADER_FOR_PARTITION or
 * LEADER_NOT_AVAILABLE (leadership not propagated yet), and some kafkajs admin calls retry only
 * UNKNOWN_TOPIC_OR_PARTITION themselves: a few seconds of patience get past it.
 */
export const START_RETRY: Readonly<KafkaRetryPolicy> = Object.freeze({
  attempts: 8,
  baseMs: 200,
  maxMs: 5_000,
});

/**
 * A kafkajs error that says trying again may work (`retriable`: leadership moving, connection
 * lost, request timed out). kafkajs marks the end of its own retries (`KafkaJSNumberOfRetriesExceeded`)
 * and misuse (`KafkaJSNonRetriableError`) as not retriable; errors from anything else are bugs.
 */
export function isRetriableKafkaError(e: unknown): boolean {
  return e instanceof Error && e.name.startsWith('KafkaJS') && 'retriable' in e && e.retriable === true;
}

/** Wait before try number `attempt + 1` after `attempt` failed with `error`; null = give up (rethrow). */
export function kafkaRetryDelay(error: unknown, attempt: number, policy: KafkaRetryPolicy): number | null {
  if (!isRetriableKafkaError(error) || attempt >= policy.attempts) return null;
  return backoffDelay(attempt - 1, {
    baseMs: policy.baseMs,
    maxMs: policy.maxMs,
    jitter: 'equal',
    ...(policy.random ? { random: policy.random } : {}),
  });
}

/** Runs `op`, again after a capped, jittered backoff while it fails with a retriable Kafka error. */
export async function retryKafka<T>(
  what: string,
  op: () => Promise<T>,
  o: {
    logger: Logger;
    policy?: KafkaRetryPolicy;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<T> {
  const policy = o.policy ?? START_RETRY;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      const delayMs = kafkaRetryDelay(e, attempt, policy);
      if (delayMs === null) throw e;
      o.logger.warn({ err: e, what, attempt, delayMs }, 'retriable Kafka error; trying again');
      await sleep(delayMs);
    }
  }
}
