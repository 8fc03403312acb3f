/** Schedules `fn` after `ms`; returns a cancel function. Injectable so tests control time. */
export type Scheduler = (fn: () => void, ms: number) => () => void;

export const realScheduler: Scheduler = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

export type BatcherOptions<T> = {
  /** Flush as soon as this many items wait. */
  maxItems: number;
  /** Flush at the latest this long after an item arrived at an idle batcher (kafkajs has no `linger.ms`). */
  lingerMs: number;
  /** Sends one batch; its outcome settles the promise of every `add` in it. */
  flush: (items: T[]) => Promise<void>;
  schedule?: Scheduler;
};

export type Batcher<T> = {
  /** Resolves when the batch holding these items is flushed; rejects with that flush's error. */
  add(items: readonly T[]): Promise<void>;
  /** Flushes everything waiting now; resolves when the queue is empty (errors go to the `add`s). */
  flush(): Promise<void>;
  /** Items waiting or in flight. */
  pending(): number;
};

type Waiter<T> = { items: readonly T[]; resolve: () => void; reject: (e: unknown) => void };

/**
 * Accumulates items and flushes them in batches of at most `maxItems` (one `add` is never split),
 * one flush at a time so batches stay in order. Items that arrive while a flush is in flight go
 * out right after it, so batches grow with load and latency stays near one round trip.
 */
export function createBatcher<T>(opts: BatcherOptions<T>): Batcher<T> {
  const schedule = opts.schedule ?? realScheduler;
  const queue: Waiter<T>[] = [];
  let queued = 0;
  let inFlight = 0;
  let cancelTimer: (() => void) | undefined;
  let draining: Promise<void> | undefined;

  const takeBatch = (): Waiter<T>[] => {
    const batch: Waiter<T>[] = [];
    let count = 0;
    for (let next = queue[0]; next; next = queue[0]) {
      if (batch.length > 0 && count + next.items.length > opts.maxItems) break;
      batch.push(next);
      count += next.items.length;
      queue.shift();
    }
    queued -= count;
    inFlight = count;
    return batch;
  };

  const drain = async () => {
    while (queue.length > 0) {
      const batch = takeBatch();
      try {
        await opts.flush(batch.flatMap((w) => [...w.items]));
        for (const w of batch) w.resolve();
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
      inFlight = 0;
    }
    draining = undefined;
  };

  const startDrain = (): Promise<void> => {
    cancelTimer?.();
    cancelTimer = undefined;
    draining ??= drain();
    return draining;
  };

  return {
    add(items) {
      if (items.length === 0) return Promise.resolve();
      const done = new Promise<void>((resolve, reject) => {
        queue.push({ items, resolve, reject });
      });
      queued += items.length;
      if (draining) return done;
      if (queued >= opts.maxItems) void startDrain();
      else cancelTimer ??= schedule(() => void startDrain(), opts.lingerMs);
      return done;
    },
    flush: () => (queue.length > 0 ? startDrain() : (draining ?? Promise.resolve())),
    pending: () => queued + inFlight,
  };
}
