import { backoffDelay } from '@mdp/runtime/backoff';

export type RetryPolicy = { baseMs: number; maxMs: number; maxAttempts: number };

/**
 * Delay before retry number `attempt` (1 = first retry): exponential from `baseMs`, capped at `maxMs`,
 * "equal" jitter (half fixed, half random) so coordinators never retry at once nor in lockstep.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  return backoffDelay(attempt - 1, { baseMs: policy.baseMs, maxMs: policy.maxMs, jitter: 'equal', random });
}

/** 0 attempts means retry forever (the delay is capped, so a long outage costs one try per maxMs). */
export function retriesExhausted(attempt: number, policy: RetryPolicy): boolean {
  return policy.maxAttempts > 0 && attempt >= policy.maxAttempts;
}
