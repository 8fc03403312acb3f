// Time source for the whole simulator. The system clock runs in real time; the manual clock lets
// tests move time forward deterministically (ticks, candles, heartbeats all fire from it).

export type TimerHandle = { readonly id: number };

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export function createSystemClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const id = nextId++;
      const timer = setTimeout(() => {
        timers.delete(id);
        fn();
      }, ms);
      // Never hold the process open just for simulator timers; the servers do that.
      timer.unref();
      timers.set(id, timer);
      return { id };
    },
    clearTimeout(handle) {
      const timer = timers.get(handle.id);
      if (timer) clearTimeout(timer);
      timers.delete(handle.id);
    },
  };
}

type ManualTimer = { id: number; due: number; fn: () => void };

export interface ManualClock extends Clock {
  /** Moves time forward, firing every due timer in order with `now()` set to its due time. */
  advance(ms: number): void;
  pendingTimers(): number;
}

export function createManualClock(startMs: number): ManualClock {
  let now = startMs;
  let nextId = 1;
  let timers: ManualTimer[] = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { id: nextId++, due: now + Math.max(0, ms), fn };
      timers.push(timer);
      return { id: timer.id };
    },
    clearTimeout(handle) {
      timers = timers.filter((timer) => timer.id !== handle.id);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        let next: ManualTimer | undefined;
        for (const timer of timers) {
          if (timer.due <= target && (!next || timer.due < next.due)) next = timer;
        }
        if (!next) break;
        const fired = next;
        timers = timers.filter((timer) => timer.id !== fired.id);
        now = Math.max(now, fired.due);
        fired.fn();
      }
      now = target;
    },
    pendingTimers: () => timers.length,
  };
}

/** Calls `fn` every `ms` on the given clock, without drift; returns a stop function. */
export function every(clock: Clock, ms: number, fn: () => void): () => void {
  let stopped = false;
  let due = clock.now() + ms;
  let handle = clock.setTimeout(run, ms);
  function run(): void {
    if (stopped) return;
    fn();
    due += ms;
    // After a long stall (e.g. a blocked event loop) skip the missed runs instead of bursting.
    if (due <= clock.now()) due = clock.now() + ms;
    handle = clock.setTimeout(run, due - clock.now());
  }
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}

/** Calls `fn` at every multiple of `periodMs` (e.g. each minute boundary); returns a stop function. */
export function atBoundaries(clock: Clock, periodMs: number, fn: () => void): () => void {
  let stopped = false;
  let handle = schedule();
  function schedule(): TimerHandle {
    const now = clock.now();
    const next = Math.floor(now / periodMs) * periodMs + periodMs;
    return clock.setTimeout(() => {
      if (stopped) return;
      fn();
      handle = schedule();
    }, next - now);
  }
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}
