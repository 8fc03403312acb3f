import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { TopicFeed } from './topic-feed';

type Held = { feed: TopicFeed; kind: DynamicTopicSpec['kind']; users: number; idleTimer?: NodeJS.Timeout };

export type TopicHubOptions = {
  capacity: number;
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
 * (after `idleMs`).
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
      h = { feed: new TopicFeed(topic, this.opts.capacity), kind, users: 0 };
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

  topics(): string[] {
    return [...this.held.keys()];
  }

  stopAll(): void {
    for (const topic of [...this.held.keys()]) this.drop(topic);
  }

  private retire(topic: string): void {
    const h = this.held.get(topic);
    if (h && h.users === 0) this.drop(topic);
  }
}
