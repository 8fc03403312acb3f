import { type BackoffOptions, backoffDelay } from './backoff';

/** A machine's retry budget: delays from `baseMs` doubling up to `maxMs`; 0 attempts = no limit. */
export type RetryPolicy = Readonly<{ baseMs: number; maxMs: number; maxAttempts: number }>;

/**
 * The `retryDelay` of every machine: the wait after `failures` consecutive failures (1 = the first
 * retry), capped exponential with equal jitter, so replicas never retry at once nor in lockstep and
 * a retry is never immediate.
 */
export function retryDelayMs(
  failures: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>,
  random: () => number = Math.random,
): number {
  return backoffDelay(Math.max(0, failures - 1), {
    baseMs: policy.baseMs,
    maxMs: policy.maxMs,
    jitter: 'equal',
    random,
  });
}

/** The guard in front of every machine's give-up state: true while the budget allows one more try. */
export function mayRetry(failures: number, policy: Pick<RetryPolicy, 'maxAttempts'>): boolean {
  return policy.maxAttempts === 0 || failures < policy.maxAttempts;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

export type RetryOptions = {
  /** The waits between tries (`jitter` defaults to equal here). */
  backoff: BackoffOptions;
  /** Waits the first backoff before the first try too (a restart after a crash never runs at once). */
  waitFirst?: boolean;
  /** Tries in all, the first included; 0 or unset: no limit. */
  maxAttempts?: number;
  /** Gives up when the next try would start more than this many ms after the first. */
  withinMs?: number;
  /** Only errors it accepts are tried again; any other is thrown at once. Default: every error. */
  retryable?: (error: unknown) => boolean;
  /** Aborting ends the wait: the loop rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait (log it here). `attempt`: the try that failed (0: the wait of waitFirst). */
  onRetry?: (retry: { error: unknown; attempt: number; delayMs: number }) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
};

/**
 * The one retry loop outside the machines: runs `op` until it succeeds, waiting a capped, jittered
 * backoff between tries, and rethrows the last error once the error is not retryable, the attempts
 * are spent, the time is up, or the signal aborted.
 */
export async function retry<T>(op: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const now = opts.now ?? Date.now;
  const wait = opts.sleep ?? sleep;
  const startedAt = now();
  const backoff: BackoffOptions = { jitter: 'equal', ...opts.backoff };
  // With waitFirst, the wait before try n is the one before retry n: one step further each time.
  const skew = opts.waitFirst ? 1 : 0;
  if (opts.waitFirst) {
    const delayMs = backoffDelay(0, backoff);
    opts.onRetry?.({ error: undefined, attempt: 0, delayMs });
    await wait(delayMs, opts.signal);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      if (opts.retryable && !opts.retryable(error)) throw error;
      if (opts.maxAttempts && attempt >= opts.maxAttempts) throw error;
      const delayMs = backoffDelay(attempt - 1 + skew, backoff);
      if (opts.withinMs !== undefined && now() + delayMs - startedAt > opts.withinMs) throw error;
      opts.onRetry?.({ error, attempt, delayMs });
      await wait(delayMs, opts.signal);
    }
  }
}
