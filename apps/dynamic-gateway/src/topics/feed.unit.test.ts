import { entryBytes, type FeedEntry, TopicFeed } from './feed';

const entry = (offset: number, size = 100): FeedEntry => ({
  seq: -1,
  partition: 0,
  offset,
  key: 'K',
  json: 'x'.repeat(size),
  timestamp: 1,
});

describe('TopicFeed memory bound', () => {
  it('keeps at most maxBytes of messages, evicting the oldest first', () => {
    const one = entryBytes(entry(0));
    const feed = new TopicFeed('t', 1000, one * 3);
    feed.markLive([0]);
    feed.append([0, 1, 2, 3, 4].map((o) => entry(o)));
    expect(feed.size).toBe(3);
    expect(feed.bytes).toBe(one * 3);
    expect(feed.entry(feed.firstSeq)?.offset).toBe(2);
    // What was evicted is no longer covered: a client at offset 1 needs a catch-up read.
    expect(feed.covers([1])).toBe(false);
    expect(feed.covers([2])).toBe(true);
  });

  it('makes room for a large message by evicting as many small ones as needed, and always keeps the newest', () => {
    const feed = new TopicFeed('t', 1000, 1000);
    feed.markLive([0]);
    feed.append([0, 1, 2, 3].map((o) => entry(o, 100)));
    feed.append([entry(4, 700)]);
    expect(feed.bytes).toBeLessThanOrEqual(1000);
    expect(feed.entry(feed.endSeq - 1)?.offset).toBe(4);
    feed.append([entry(5, 5000)]);
    expect(feed.size).toBe(1);
    expect(feed.entry(feed.firstSeq)?.offset).toBe(5);
    expect(feed.bytes).toBe(entryBytes(entry(5, 5000)));
  });

  it('still bounds the entry count', () => {
    const feed = new TopicFeed('t', 2);
    feed.markLive([0]);
    feed.append([0, 1, 2].map((o) => entry(o)));
    expect(feed.size).toBe(2);
    expect(feed.bytes).toBe(entryBytes(entry(0)) * 2);
  });
});
