import type { Position } from './position';

/** One validated message of a topic, as the gateway keeps and forwards it. */
export type FeedEntry = {
  /** Arrival number in the feed; set by `append` (the reader creates entries with -1). */
  seq: number;
  readonly partition: number;
  readonly offset: number;
  /** Pair key (`MARKET:BASE-QUOTE`): what latest-per-pair conflation keeps one value of. */
  readonly key: string;
  /** The message (envelope) as one line of JSON, forwarded as is. */
  readonly json: string;
  readonly timestamp: number;
};

/** Approximate memory of one entry: its JSON and key (1 byte a character) plus the object itself. */
export const entryBytes = (e: Pick<FeedEntry, 'json' | 'key'>): number => e.json.length + e.key.length + 64;

/**
 * Largest Kafka fetch for a ring of `maxBytes`: a quarter of it (16 KiB..1 MiB), so one fetched batch
 * never flushes a ring its clients are still reading, and a catch-up read holds little per client.
 */
export const fetchBytesFor = (maxBytes: number): number =>
  Math.max(16 * 1024, Math.min(1024 * 1024, Math.floor(maxBytes / 4)));

/** Notified after every append; cursors decide from it whether to write or apply their policy. */
export type FeedListener = {
  onAppend(): void;
  /** Offsets of `partition` before `offset` were deleted before the gateway could read them. */
  onExpired(partition: number, offset: number): void;
};

/**
 * The in-memory tail of one topic, filled by its single Kafka reader and read by all of its clients
 * at their own pace (each through a cursor). A bounded ring: a slow client never holds memory or
 * the reader back, it only falls behind the ring's start and its policy decides what happens.
 */
export class TopicFeed {
  private readonly ring: (FeedEntry | undefined)[];
  private first = 0;
  private end = 0;
  private next: number[] = [];
  /** Per partition, the smallest offset from which every message read so far is still in the ring. */
  private coveredFrom: number[] = [];
  private bytesHeld = 0;
  private live = false;
  private liveWaiters: (() => void)[] = [];
  private readonly listeners = new Set<FeedListener>();

  constructor(
    readonly topic: string,
    readonly capacity: number,
    /** Bytes the ring may hold (`entryBytes`); the oldest entries go first, the newest always stays. */
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    this.ring = new Array(capacity);
  }

  get isLive(): boolean {
    return this.live;
  }
  get firstSeq(): number {
    return this.first;
  }
  get endSeq(): number {
    return this.end;
  }
  get size(): number {
    return this.end - this.first;
  }
  get bytes(): number {
    return this.bytesHeld;
  }
  /** Next offset per partition: where a client that wants only new messages starts. */
  nextPosition(): Position {
    return [...this.next];
  }
  /** Where the reader resumes after a restart: no gap and no duplicate in the ring. */
  resumePosition(): Position | undefined {
    return this.live ? [...this.next] : undefined;
  }

  /** The reader is positioned at `position`; partitions added later start at their earliest offset. */
  markLive(position: readonly number[]): void {
    for (const [p, offset] of position.entries()) {
      if (this.next[p] === undefined) {
        this.next[p] = offset;
        this.coveredFrom[p] = offset;
      }
    }
    this.live = true;
    for (const w of this.liveWaiters.splice(0)) w();
  }

  /** Resolves once the reader knows its position (clients can attach). */
  whenLive(): Promise<void> {
    return this.live ? Promise.resolve() : new Promise((resolve) => this.liveWaiters.push(resolve));
  }

  /** Appends a batch (already validated); offsets already seen are ignored. */
  append(entries: readonly FeedEntry[]): number {
    let added = 0;
    for (const e of entries) {
      const partition = e.partition;
      if (e.offset < (this.next[partition] ?? 0)) continue;
      const size = entryBytes(e);
      while (
        this.end > this.first &&
        (this.end - this.first === this.capacity || this.bytesHeld + size > this.maxBytes)
      )
        this.evictOldest();
      e.seq = this.end;
      this.bytesHeld += size;
      this.ring[this.end % this.capacity] = e;
      this.end += 1;
      this.next[partition] = e.offset + 1;
      this.coveredFrom[partition] ??= e.offset;
      added += 1;
    }
    if (added > 0) for (const l of this.listeners) l.onAppend();
    return added;
  }

  /** The reader advanced past offsets that carried no valid message (skipped, or not data). */
  advance(partition: number, nextOffset: number): void {
    if (nextOffset > (this.next[partition] ?? 0)) this.next[partition] = nextOffset;
  }

  /** The reader had to restart past deleted data: move on and tell every client (a gap, never silent). */
  skipExpired(partition: number, offset: number): void {
    if (offset <= (this.next[partition] ?? 0)) return;
    this.next[partition] = offset;
    for (const l of this.listeners) l.onExpired(partition, offset);
  }

  private evictOldest(): void {
    const old = this.ring[this.first % this.capacity];
    this.ring[this.first % this.capacity] = undefined;
    this.first += 1;
    if (!old) return;
    this.bytesHeld -= entryBytes(old);
    this.coveredFrom[old.partition] = old.offset + 1;
  }

  entry(seq: number): FeedEntry | undefined {
    return seq >= this.first && seq < this.end ? this.ring[seq % this.capacity] : undefined;
  }

  /** Can a client at `position` be served from memory (everything it still needs is here or to come)? */
  covers(position: readonly number[]): boolean {
    if (!this.live) return false;
    return this.coveredFrom.every((from, p) => (position[p] ?? 0) >= from);
  }

  /** The first ring entry a client at `position` still needs (`endSeq` when none). */
  seqFor(position: readonly number[]): number {
    for (let seq = this.first; seq < this.end; seq += 1) {
      const e = this.ring[seq % this.capacity];
      if (e && e.offset >= (position[e.partition] ?? 0)) return seq;
    }
    return this.end;
  }

  /** Everything before this is gone from the ring (for gap reports after eviction). */
  coveredPosition(): Position {
    return [...this.coveredFrom];
  }

  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
