import type { SlowClientPolicy } from '../config';
import type { FeedEntry, FeedListener, TopicFeed } from '../topics/feed';
import type { Position } from '../topics/position';
import { Backlog } from './backlog';

/** What a client did not get, told to it before its next data: `from`/`to` are positions. */
export type Gap = { from: Position; to: Position; dropped: number; conflated: number };

export type CursorCloseReason = 'slow_consumer' | 'internal_error';

export type CursorOptions = {
  policy: SlowClientPolicy;
  /** Messages the client may lag behind (its bounded buffer) before the policy applies. */
  maxBuffer: number;
  /** There is something to write (new data, or a gap to report). */
  onReadable: () => void;
  /** The `disconnect` policy fired, or writing to the client threw: the owner closes it with this reason. */
  onSlow: (reason: CursorCloseReason) => void;
};

/**
 * One client's read position in a topic feed. It never copies the ring: its buffer is the range
 * between its place and the feed's end (plus a small backlog of conflated or caught-up entries).
 * `position` is what the client has been handed (next offset per partition): the id it resumes from.
 */
export class FeedCursor implements FeedListener {
  private seq: number;
  private readonly position: Position;
  private readonly backlog: Backlog;
  /** While parked the ring is not read: a history reader fills the backlog instead. */
  private parked: boolean;
  private floor: Position = [];
  private gap: Gap | undefined;
  private closed = false;
  private handed = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly feed: TopicFeed,
    start: Position,
    private readonly opts: CursorOptions,
  ) {
    this.position = [...start];
    this.backlog = new Backlog(opts.maxBuffer);
    this.parked = !feed.covers(start);
    this.seq = this.parked ? feed.endSeq : feed.seqFor(start);
    this.unsubscribe = feed.subscribe(this);
  }

  /** The history reader must fill the backlog until `catchUp` succeeds. */
  get needsHistory(): boolean {
    return this.parked;
  }
  get isClosed(): boolean {
    return this.closed;
  }

  /** Messages handed to the client so far: whether it reads at all (a catch-up read's stall check). */
  get handedOut(): number {
    return this.handed;
  }

  currentPosition(): Position {
    return [...this.position];
  }

  pending(): number {
    return this.backlog.size + (this.parked ? 0 : this.feed.endSeq - this.seq);
  }

  /** The sink writes what its socket takes first; the policy judges only what is still waiting. */
  onAppend(): void {
    if (this.closed || this.parked) return;
    // Called from the topic reader's fan-out: a failing client must never fail the reader.
    try {
      this.opts.onReadable();
      if (this.closed) return;
      this.enforce();
      if (!this.closed && this.gap) this.opts.onReadable();
    } catch {
      this.close();
      this.opts.onSlow('internal_error');
    }
  }

  onExpired(partition: number, offset: number): void {
    const at = this.position[partition] ?? 0;
    if (this.closed || offset <= at) return;
    const from = [...this.position];
    this.position[partition] = offset;
    this.recordGap(from, offset - at, 0);
    this.opts.onReadable();
  }

  /** Hands out up to `max` messages in order, skipping any the client already has. */
  take(max: number, visit?: (entry: FeedEntry, position: Position) => void): FeedEntry[] {
    if (!this.parked && this.seq < this.feed.firstSeq) this.enforce();
    const out: FeedEntry[] = [];
    while (out.length < max && !this.closed) {
      let e: FeedEntry | undefined;
      if (this.backlog.size > 0) {
        e = this.backlog.shift();
      } else if (!this.parked && this.seq < this.feed.endSeq) {
        e = this.feed.entry(this.seq);
        this.seq += 1;
        if (e && e.offset < (this.floor[e.partition] ?? 0)) continue;
      } else break;
      if (!e || e.offset < (this.position[e.partition] ?? 0)) continue;
      this.position[e.partition] = e.offset + 1;
      out.push(e);
      visit?.(e, this.position);
    }
    this.backlog.compact();
    this.handed += out.length;
    return out;
  }

  takeGap(): Gap | undefined {
    const gap = this.gap;
    this.gap = undefined;
    return gap;
  }

  /** History reader: entries older than the ring, in offset order per partition. */
  pushHistory(entries: readonly FeedEntry[]): void {
    if (this.closed || entries.length === 0) return;
    this.backlog.push(entries);
    this.opts.onReadable();
  }

  /** Resolves when the backlog has room again (the history reader waits: a history read is the client's own). */
  waitForRoom(): Promise<void> {
    return this.closed ? Promise.resolve() : this.backlog.waitForRoom();
  }

  /** The history reader read up to `read` (next offsets); when the ring covers it the cursor switches over. */
  catchUp(read: Position): boolean {
    if (!this.parked || !this.feed.covers(read)) return false;
    this.parked = false;
    this.floor = [...read];
    this.seq = this.feed.seqFor(read);
    this.onAppend();
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.backlog.clear();
  }

  private enforce(): void {
    const lost = this.seq < this.feed.firstSeq;
    if (!lost && this.pending() <= this.opts.maxBuffer) return;
    if (this.opts.policy === 'disconnect') {
      this.close();
      this.opts.onSlow('slow_consumer');
      return;
    }
    const from = [...this.position];
    let dropped = 0;
    if (lost) dropped += this.dropLost();
    let conflated = 0;
    if (this.opts.policy === 'latest-per-pair') conflated = this.conflate();
    dropped += this.dropExcess();
    if (dropped + conflated > 0) this.recordGap(from, dropped, conflated);
  }

  /** The ring moved past this cursor: everything before the ring's start is gone for it. */
  private dropLost(): number {
    const skipped = this.feed.firstSeq - this.seq;
    const covered = this.feed.coveredPosition();
    for (const [p, from] of covered.entries()) {
      if (from > (this.position[p] ?? 0)) this.position[p] = from;
    }
    this.seq = this.feed.firstSeq;
    return skipped;
  }

  /** Keeps only the latest message per pair of what the client has not received yet. */
  private conflate(): number {
    const waiting = this.backlog.waiting();
    for (; this.seq < this.feed.endSeq; this.seq += 1) {
      const e = this.feed.entry(this.seq);
      if (e && e.offset >= (this.position[e.partition] ?? 0) && e.offset >= (this.floor[e.partition] ?? 0))
        waiting.push(e);
    }
    const latest = new Map<string, FeedEntry>();
    for (const e of waiting) latest.set(e.key, e);
    const kept = waiting.filter((e) => latest.get(e.key) === e);
    this.backlog.replace(kept);
    return waiting.length - kept.length;
  }

  /** Drops the oldest waiting messages until at most `maxBuffer` remain. */
  private dropExcess(): number {
    let excess = this.pending() - this.opts.maxBuffer;
    let dropped = 0;
    while (excess > 0) {
      let e: FeedEntry | undefined;
      if (this.backlog.size > 0) {
        e = this.backlog.shift();
      } else {
        e = this.feed.entry(this.seq);
        this.seq += 1;
      }
      excess -= 1;
      if (!e || e.offset < (this.position[e.partition] ?? 0)) continue;
      this.position[e.partition] = e.offset + 1;
      dropped += 1;
    }
    this.backlog.compact();
    return dropped;
  }

  private recordGap(from: Position, dropped: number, conflated: number): void {
    const to = [...this.position];
    if (!this.gap) this.gap = { from, to, dropped, conflated };
    else
      this.gap = {
        from: this.gap.from,
        to,
        dropped: this.gap.dropped + dropped,
        conflated: this.gap.conflated + conflated,
      };
  }
}
