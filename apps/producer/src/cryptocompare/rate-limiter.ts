import { sleep as runtimeSleep } from '@mdp/runtime/retry';

/** Client-side call budgets, counted like the API counts them: calendar windows (UTC). */
export type RateBudgets = { perSecond: number; perMinute: number; perHour: number };

type Window = { periodMs: number; limit: number; start: number; used: number };

export type RateLimiter = {
  /** Ms until a call fits every budget (0 = now). Does not count a call. */
  waitMs(): number;
  /** Counts a call if it fits now; false otherwise. */
  tryAcquire(): boolean;
  /** Waits until a call fits, then counts it. Rejects when the signal aborts. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** The server said we are over a limit: no calls until `ms` from now. */
  blockFor(ms: number): void;
  blockedUntil(): number;
};

export function createRateLimiter(
  budgets: RateBudgets,
  now: () => number = Date.now,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = runtimeSleep,
): RateLimiter {
  const windows: Window[] = [
    { periodMs: 1_000, limit: budgets.perSecond, start: 0, used: 0 },
    { periodMs: 60_000, limit: budgets.perMinute, start: 0, used: 0 },
    { periodMs: 3_600_000, limit: budgets.perHour, start: 0, used: 0 },
  ];
  let blocked = 0;

  function roll(t: number): void {
    for (const w of windows) {
      const start = t - (t % w.periodMs);
      if (start !== w.start) {
        w.start = start;
        w.used = 0;
      }
    }
  }

  function waitMs(): number {
    const t = now();
    roll(t);
    let wait = Math.max(0, blocked - t);
    for (const w of windows) if (w.used >= w.limit) wait = Math.max(wait, w.start + w.periodMs - t);
    return wait;
  }

  function tryAcquire(): boolean {
    if (waitMs() > 0) return false;
    for (const w of windows) w.used += 1;
    return true;
  }

  return {
    waitMs,
    tryAcquire,
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        if (tryAcquire()) return;
        await sleep(waitMs(), signal);
      }
    },
    blockFor(ms) {
      blocked = Math.max(blocked, now() + Math.max(0, ms));
    },
    blockedUntil: () => blocked,
  };
}
