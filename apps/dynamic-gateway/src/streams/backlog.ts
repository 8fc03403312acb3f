import type { FeedEntry } from '../topics/feed';

/**
 * A client's own queue in front of the shared feed: its conflated values, or what its catch-up read
 * fetched. A catch-up read waits for room (`waitForRoom`), so only that client's read slows down.
 */
export class Backlog {
  private items: FeedEntry[] = [];
  private head = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly room: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  shift(): FeedEntry | undefined {
    if (this.head >= this.items.length) return undefined;
    const e = this.items[this.head];
    this.head += 1;
    return e;
  }

  push(entries: readonly FeedEntry[]): void {
    for (const e of entries) this.items.push(e);
  }

  /** What is still waiting (a copy), e.g. to conflate it. */
  waiting(): FeedEntry[] {
    return this.items.slice(this.head);
  }

  replace(entries: FeedEntry[]): void {
    this.items = entries;
    this.head = 0;
  }

  waitForRoom(): Promise<void> {
    if (this.size < this.room) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops consumed items now and then (amortized O(1)) and wakes a waiting reader below half full. */
  compact(): void {
    if (this.head > 0 && this.head >= this.items.length) this.replace([]);
    else if (this.head > 1024 && this.head * 2 > this.items.length) this.replace(this.items.slice(this.head));
    if (this.waiters.length > 0 && this.size < this.room / 2) this.release();
  }

  clear(): void {
    this.replace([]);
    this.release();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
