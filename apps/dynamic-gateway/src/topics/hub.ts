import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { ApiError } from '../http/api-error';
import { TopicFeed } from './feed';

type Held = { feed: TopicFeed; kind: DynamicTopicSpec['kind']; users: number; idleTimer?: NodeJS.Timeout };

export type TopicHubOptions = {
  capacity: number;
  /** Bytes one topic's ring may hold; each held topic reserves this much of `totalBytes`. */
  bytesPerTopic: number;
  /** All rings together; a new topic that would exceed it is refused (503 `capacity_exhausted`). */
  totalBytes: number;
  /** A topic without clients keeps its reader this long (a reconnecting client finds it warm). */
  idleMs: number;
  startReader(topic: string): void;
  stopReader(topic: string): void;
};

export class ReaderUnavailableError extends Error {
  readonly code = 'reader_unavailable';
}

/**
 * The topics this gateway reads right now: one feed and one reader per topic, shared by all of its
 * clients. Acquire/release count users; the reader starts with the first and stops after the last
 * (after `idleMs`). Memory is reserved per topic up front, so the topics already held can always fill
 * their rings: when the budget is spent only a new topic is refused, streaming ones go on.
 */
export class TopicHub {
  private readonly held = new Map<string, Held>();

  constructor(private readonly opts: TopicHubOptions) {}

  lookup(topic: string): { feed: TopicFeed; kind: DynamicTopicSpec['kind'] } | undefined {
    return this.held.get(topic);
  }

  /** Holds the topic's feed; resolves once its reader is positioned, or rejects after `timeoutMs`. */
  async acquire(topic: string, kind: DynamicTopicSpec['kind'], timeoutMs: number): Promise<TopicFeed> {
    let h = this.held.get(topic);
    if (!h) {
      this.checkRoom();
      h = { feed: new TopicFeed(topic, this.opts.capacity, this.opts.bytesPerTopic), kind, users: 0 };
      this.held.set(topic, h);
      this.opts.startReader(topic);
    }
    clearTimeout(h.idleTimer);
    h.users += 1;
    const feed = h.feed;
    if (feed.isLive) return feed;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        feed.whenLive(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new ReaderUnavailableError(`reading ${topic} did not start within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      return feed;
    } catch (e) {
      this.release(topic);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  release(topic: string): void {
    const h = this.held.get(topic);
    if (!h) return;
    h.users -= 1;
    if (h.users > 0) return;
    clearTimeout(h.idleTimer);
    h.idleTimer = setTimeout(() => this.retire(topic), this.opts.idleMs);
    h.idleTimer.unref();
  }

  /** The topic is gone (retired or deleted): its reader stops now; clients were told by the caller. */
  drop(topic: string): void {
    const h = this.held.get(topic);
    if (!h) return;
    clearTimeout(h.idleTimer);
    this.held.delete(topic);
    this.opts.stopReader(topic);
  }

  /** Bytes reserved by the held topics' rings (each reserves `bytesPerTopic`). */
  reservedBytes(): number {
    return this.held.size * this.opts.bytesPerTopic;
  }

  /** Ring memory right now (for the metrics). */
  memory(): { reserved: number; used: number; limit: number } {
    let used = 0;
    for (const h of this.held.values()) used += h.feed.bytes;
    return { reserved: this.reservedBytes(), used, limit: this.opts.totalBytes };
  }

  topics(): string[] {
    return [...this.held.keys()];
  }

  stopAll(): void {
    for (const topic of [...this.held.keys()]) this.drop(topic);
  }

  /** Throws 503 `capacity_exhausted` when `topic` could not be held now (checked before asking for it). */
  assertRoomFor(topic: string): void {
    if (this.held.has(topic) || this.hasFreeBudget() || this.idleTopic() !== undefined) return;
    throw this.exhausted();
  }

  private hasFreeBudget(): boolean {
    return this.reservedBytes() + this.opts.bytesPerTopic <= this.opts.totalBytes;
  }

  private idleTopic(): string | undefined {
    return [...this.held].find(([, h]) => h.users === 0)?.[0];
  }

  private checkRoom(): void {
    if (this.hasFreeBudget()) return;
    // A topic idling without clients gives its memory to a new one rather than refuse it.
    const idle = this.idleTopic();
    if (idle === undefined) throw this.exhausted();
    this.drop(idle);
  }

  private exhausted(): ApiError {
    return new ApiError(
      503,
      'capacity_exhausted',
      `the gateway's topic buffers are full (${this.held.size} topics held); retry later`,
      [],
      { topics: this.held.size },
    );
  }

  private retire(topic: string): void {
    const h = this.held.get(topic);
    if (h && h.users === 0) this.drop(topic);
  }
}
