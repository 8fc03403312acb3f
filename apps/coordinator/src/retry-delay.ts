export type RetryPolicy = { baseMs: number; maxMs: number; maxAttempts: number };

/**
 * Delay before retry number `attempt` (1 = first retry): exponential from `baseMs`, capped at `maxMs`,
 * with "equal jitter" (half fixed, half random) so restarted coordinators do not retry in lockstep.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}

/** 0 attempts means retry forever (the delay is capped, so a long outage costs one try per maxMs). */
export function retriesExhausted(attempt: number, policy: RetryPolicy): boolean {
  return policy.maxAttempts > 0 && attempt >= policy.maxAttempts;
}
