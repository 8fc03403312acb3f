import { ApiError } from '../http/api-error';

export type CatchUpSlotsOptions = {
  /** Catch-up reads (Kafka consumers of their own) the gateway runs at once. */
  total: number;
  /** How long a request may wait for a slot before it is refused (0: refuse at once). */
  queueMs: number;
  /** Slots in use or requests waiting changed (for the gauges). */
  onChange?(used: number, waiting: number): void;
};

type Waiter = { grant(release: () => void): void };

/**
 * The gateway's catch-up reads, shared fairly between apps. The last free slot is kept for an app
 * that holds none, so one app never holds every slot and a newcomer starts at once. When requests
 * wait, every freed slot goes to the waiting app that holds the fewest (ties: the app served longest
 * ago, i.e. round-robin); within one app, requests are served in arrival order.
 */
export class CatchUpSlots {
  private used = 0;
  private readonly held = new Map<string, number>();
  /** Apps with waiting requests, in the order they should be served when they hold equally many. */
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(private readonly opts: CatchUpSlotsOptions) {}

  get inUse(): number {
    return this.used;
  }

  heldBy(appId: string): number {
    return this.held.get(appId) ?? 0;
  }

  /** Resolves with the slot's release (idempotent); rejects 503 `too_many_catch_up_reads` after `queueMs`. */
  acquire(appId: string): Promise<() => void> {
    if (this.waiting.size === 0 && this.mayTake(appId)) return Promise.resolve(this.take(appId));
    if (this.opts.queueMs <= 0) return Promise.reject(refusal(this.opts.queueMs));
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(appId) ?? [];
      const waiter: Waiter = {
        grant: (release) => {
          clearTimeout(timer);
          resolve(release);
        },
      };
      const timer = setTimeout(() => {
        this.forget(appId, waiter);
        reject(refusal(this.opts.queueMs));
      }, this.opts.queueMs);
      queue.push(waiter);
      this.waiting.set(appId, queue);
      this.changed();
      this.dispatch();
    });
  }

  /** A free slot, and not the last one unless the app holds none. */
  private mayTake(appId: string): boolean {
    const free = this.opts.total - this.used;
    return free > 1 || (free === 1 && this.heldBy(appId) === 0);
  }

  private changed(): void {
    let waiting = 0;
    for (const queue of this.waiting.values()) waiting += queue.length;
    this.opts.onChange?.(this.used, waiting);
  }

  private take(appId: string): () => void {
    this.used += 1;
    this.held.set(appId, this.heldBy(appId) + 1);
    this.changed();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= 1;
      const left = this.heldBy(appId) - 1;
      if (left > 0) this.held.set(appId, left);
      else this.held.delete(appId);
      this.changed();
      this.dispatch();
    };
  }

  private dispatch(): void {
    for (;;) {
      let next: string | undefined;
      for (const appId of this.waiting.keys())
        if (this.mayTake(appId) && (next === undefined || this.heldBy(appId) < this.heldBy(next)))
          next = appId;
      if (next === undefined) return;
      const queue = this.waiting.get(next as string) ?? [];
      const waiter = queue.shift();
      this.waiting.delete(next as string);
      // Served: this app goes behind the other waiting apps (round-robin among equals).
      if (queue.length > 0) this.waiting.set(next as string, queue);
      waiter?.grant(this.take(next as string));
    }
  }

  private forget(appId: string, waiter: Waiter): void {
    const queue = this.waiting.get(appId)?.filter((w) => w !== waiter) ?? [];
    if (queue.length > 0) this.waiting.set(appId, queue);
    else this.waiting.delete(appId);
    this.changed();
  }
}

const refusal = (queueMs: number) =>
  new ApiError(
    503,
    'too_many_catch_up_reads',
    `too many clients are catching up from old positions${queueMs > 0 ? ` (waited ${queueMs} ms)` : ''}; retry shortly`,
  );
