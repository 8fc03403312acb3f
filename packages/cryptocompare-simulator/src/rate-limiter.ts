import type { Clock } from './clock';

export type Limits = { second: number; minute: number; hour: number; day: number; month: number };
export type Usage = Limits & { total_calls: number };
export type LimitCheck = { allowed: boolean; callsMade: Usage; maxCalls: Limits };

const windows = ['second', 'minute', 'hour', 'day', 'month'] as const;
type Window = (typeof windows)[number];

type Counter = { ids: Record<Window, number>; made: Usage };

/**
 * Fixed calendar windows per caller (second, minute, hour, day, month), as CryptoCompare counts.
 * Refused calls still count: the real `calls_made` goes above `max_calls`.
 */
export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private limits: Limits;

  constructor(
    private readonly clock: Clock,
    limits: Limits,
  ) {
    this.limits = { ...limits };
  }

  setLimits(limits: Partial<Limits>): void {
    this.limits = { ...this.limits, ...limits };
  }

  maxCalls(): Limits {
    return { ...this.limits };
  }

  reset(): void {
    this.counters.clear();
  }

  /** Counts one call and says whether it is within every window's budget. */
  hit(caller: string): LimitCheck {
    const counter = this.current(caller);
    for (const window of windows) counter.made[window] += 1;
    counter.made.total_calls += 1;
    const allowed = windows.every((window) => counter.made[window] <= this.limits[window]);
    return { allowed, callsMade: { ...counter.made }, maxCalls: this.maxCalls() };
  }

  /** Usage without counting a call. */
  peek(caller: string): { callsMade: Usage; maxCalls: Limits } {
    return { callsMade: { ...this.current(caller).made }, maxCalls: this.maxCalls() };
  }

  private current(caller: string): Counter {
    const ids = windowIds(this.clock.now());
    let counter = this.counters.get(caller);
    if (!counter) {
      counter = { ids, made: { second: 0, minute: 0, hour: 0, day: 0, month: 0, total_calls: 0 } };
      this.counters.set(caller, counter);
    }
    for (const window of windows) {
      if (counter.ids[window] !== ids[window]) {
        counter.ids[window] = ids[window];
        counter.made[window] = 0;
      }
    }
    return counter;
  }
}

function windowIds(now: number): Record<Window, number> {
  const date = new Date(now);
  return {
    second: Math.floor(now / 1000),
    minute: Math.floor(now / 60_000),
    hour: Math.floor(now / 3_600_000),
    day: Math.floor(now / 86_400_000),
    month: date.getUTCFullYear() * 12 + date.getUTCMonth(),
  };
}
