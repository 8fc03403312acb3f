import type { SlowClientPolicy } from '../config';
import { type FeedEntry, TopicFeed } from '../topics/feed';
import { FeedCursor } from './feed-cursor';

const entry = (partition: number, offset: number, key = `K${offset}`): FeedEntry => ({
  seq: -1,
  partition,
  offset,
  key,
  json: JSON.stringify({ p: partition, o: offset, key }),
  timestamp: 1,
});

function setup(policy: SlowClientPolicy, maxBuffer = 5, capacity = 20) {
  const feed = new TopicFeed('t', capacity);
  feed.markLive([0, 0]);
  const events = { readable: 0, slow: [] as string[] };
  const cursor = new FeedCursor(feed, feed.nextPosition(), {
    policy,
    maxBuffer,
    onReadable: () => {
      events.readable += 1;
    },
    onSlow: (r) => events.slow.push(r),
  });
  return { feed, cursor, events };
}

const offsets = (entries: FeedEntry[]) => entries.map((e) => `${e.partition}:${e.offset}`);

describe('FeedCursor', () => {
  it('hands out every message in order and tracks the position per partition', () => {
    const { feed, cursor, events } = setup('drop-oldest');
    feed.append([entry(0, 0), entry(1, 0), entry(0, 1)]);
    expect(events.readable).toBe(1);
    const seen: string[] = [];
    const got = cursor.take(10, (_e, pos) => seen.push(pos.join('.')));
    expect(offsets(got)).toEqual(['0:0', '1:0', '0:1']);
    expect(seen).toEqual(['1.0', '1.1', '2.1']);
    expect(cursor.pending()).toBe(0);
    expect(cursor.takeGap()).toBeUndefined();
  });

  it('drop-oldest keeps the newest maxBuffer messages and reports the skipped range', () => {
    const { feed, cursor } = setup('drop-oldest', 3);
    feed.append([0, 1, 2, 3, 4, 5].map((o) => entry(0, o)));
    expect(cursor.pending()).toBe(3);
    expect(cursor.takeGap()).toEqual({ from: [0, 0], to: [3, 0], dropped: 3, conflated: 0 });
    expect(offsets(cursor.take(10))).toEqual(['0:3', '0:4', '0:5']);
  });

  it('latest-per-pair keeps one value per pair, in order', () => {
    const { feed, cursor } = setup('latest-per-pair', 3);
    feed.append([entry(0, 0, 'A'), entry(0, 1, 'B'), entry(0, 2, 'A'), entry(0, 3, 'B'), entry(0, 4, 'A')]);
    expect(offsets(cursor.take(10))).toEqual(['0:3', '0:4']);
    expect(cursor.takeGap()).toEqual({ from: [0, 0], to: [0, 0], dropped: 0, conflated: 3 });
  });

  it('latest-per-pair drops the oldest when there are more pairs than room', () => {
    const { feed, cursor } = setup('latest-per-pair', 2);
    feed.append([entry(0, 0, 'A'), entry(0, 1, 'B'), entry(0, 2, 'C')]);
    expect(offsets(cursor.take(10))).toEqual(['0:1', '0:2']);
    expect(cursor.takeGap()).toMatchObject({ dropped: 1, conflated: 0 });
  });

  it('disconnect closes the cursor and says why', () => {
    const { feed, cursor, events } = setup('disconnect', 2);
    feed.append([entry(0, 0), entry(0, 1), entry(0, 2)]);
    expect(events.slow).toEqual(['slow_consumer']);
    expect(cursor.isClosed).toBe(true);
    expect(feed.listenerCount).toBe(0);
  });

  it('a client that fell behind the ring gets a gap, never a silent skip', () => {
    const { feed, cursor } = setup('drop-oldest', 5, 10);
    feed.append(Array.from({ length: 30 }, (_, o) => entry(0, o)));
    const gap = cursor.takeGap();
    expect(gap?.from).toEqual([0, 0]);
    expect(gap?.to).toEqual([25, 0]);
    expect(gap?.dropped).toBe(25);
    expect(offsets(cursor.take(10))).toEqual(['0:25', '0:26', '0:27', '0:28', '0:29']);
  });

  it('a slow cursor does not affect another on the same feed', () => {
    const { feed, cursor: slow } = setup('drop-oldest', 2);
    const fast = new FeedCursor(feed, [0, 0], {
      policy: 'disconnect',
      maxBuffer: 100,
      onReadable: () => {},
      onSlow: () => {},
    });
    feed.append([0, 1, 2, 3].map((o) => entry(0, o)));
    expect(offsets(fast.take(100))).toEqual(['0:0', '0:1', '0:2', '0:3']);
    expect(slow.take(100)).toHaveLength(2);
  });

  it('resumes from a position inside the ring with no duplicate', () => {
    const feed = new TopicFeed('t', 100);
    feed.markLive([0, 0]);
    feed.append([entry(0, 0), entry(1, 0), entry(0, 1), entry(1, 1), entry(0, 2)]);
    const cursor = new FeedCursor(feed, [1, 1], {
      policy: 'drop-oldest',
      maxBuffer: 10,
      onReadable: () => {},
      onSlow: () => {},
    });
    expect(cursor.needsHistory).toBe(false);
    expect(offsets(cursor.take(10))).toEqual(['0:1', '1:1', '0:2']);
  });

  it('parks a position older than the ring until history catches up', () => {
    const feed = new TopicFeed('t', 100);
    feed.markLive([5]);
    feed.append([entry(0, 5), entry(0, 6)]);
    const cursor = new FeedCursor(feed, [2], {
      policy: 'drop-oldest',
      maxBuffer: 10,
      onReadable: () => {},
      onSlow: () => {},
    });
    expect(cursor.needsHistory).toBe(true);
    cursor.pushHistory([entry(0, 2), entry(0, 3)]);
    expect(cursor.catchUp([4])).toBe(false);
    cursor.pushHistory([entry(0, 4), entry(0, 5)]);
    expect(cursor.catchUp([6])).toBe(true);
    feed.append([entry(0, 7)]);
    expect(offsets(cursor.take(10))).toEqual(['0:2', '0:3', '0:4', '0:5', '0:6', '0:7']);
  });

  it('makes the history reader wait while the backlog is full', async () => {
    const feed = new TopicFeed('t', 100);
    feed.markLive([50]);
    const cursor = new FeedCursor(feed, [0], {
      policy: 'drop-oldest',
      maxBuffer: 4,
      onReadable: () => {},
      onSlow: () => {},
    });
    cursor.pushHistory([0, 1, 2, 3, 4].map((o) => entry(0, o)));
    let released = false;
    const wait = cursor.waitForRoom().then(() => {
      released = true;
    });
    await Promise.resolve();
    expect(released).toBe(false);
    cursor.take(4);
    await wait;
    expect(released).toBe(true);
  });
});

describe('FeedCursor with a sink that keeps up', () => {
  it('judges only what the sink could not write: a burst larger than the buffer is not a gap', () => {
    const feed = new TopicFeed('t', 1000);
    feed.markLive([0]);
    const got: FeedEntry[] = [];
    const cursor: FeedCursor = new FeedCursor(feed, [0], {
      policy: 'drop-oldest',
      maxBuffer: 5,
      onReadable: () => {
        got.push(...cursor.take(1000));
      },
      onSlow: () => {},
    });
    feed.append(Array.from({ length: 100 }, (_, o) => entry(0, o)));
    expect(got).toHaveLength(100);
    expect(cursor.takeGap()).toBeUndefined();
  });
});

describe('FeedCursor isolation', () => {
  it('a client whose write throws is closed; the feed and the other clients go on', () => {
    const feed = new TopicFeed('t', 100);
    feed.markLive([0]);
    const closed: string[] = [];
    new FeedCursor(feed, [0], {
      policy: 'drop-oldest',
      maxBuffer: 5,
      onReadable: () => {
        throw new Error('socket exploded');
      },
      onSlow: (r) => closed.push(r),
    });
    const other = new FeedCursor(feed, [0], {
      policy: 'drop-oldest',
      maxBuffer: 5,
      onReadable: () => {},
      onSlow: () => {},
    });
    expect(() => feed.append([entry(0, 0)])).not.toThrow();
    expect(closed).toEqual(['internal_error']);
    expect(feed.listenerCount).toBe(1);
    expect(other.take(10)).toHaveLength(1);
  });
});
