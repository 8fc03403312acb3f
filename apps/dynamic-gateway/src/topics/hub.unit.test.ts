import { TopicHub } from './hub';

function hub(idleMs = 50, bytes = { bytesPerTopic: 1000, totalBytes: 100_000 }) {
  const calls: string[] = [];
  const h = new TopicHub({
    capacity: 10,
    ...bytes,
    idleMs,
    startReader: (t) => calls.push(`start ${t}`),
    stopReader: (t) => calls.push(`stop ${t}`),
  });
  return { h, calls };
}

describe('TopicHub', () => {
  it('starts one reader per topic, shares it, and waits until it is positioned', async () => {
    const { h, calls } = hub();
    const first = h.acquire('t', 'ticks', 1000);
    const second = h.acquire('t', 'ticks', 1000);
    expect(calls).toEqual(['start t']);
    h.lookup('t')?.feed.markLive([0, 0]);
    expect(await first).toBe(await second);
  });

  it('stops the reader after the idle time once the last client left, not before', async () => {
    const { h, calls } = hub(30);
    const acquired = h.acquire('t', 'ticks', 1000);
    h.lookup('t')?.feed.markLive([0]);
    await acquired;
    h.release('t');
    await new Promise((r) => setTimeout(r, 10));
    await h.acquire('t', 'ticks', 1000);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual(['start t']);
    h.release('t');
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual(['start t', 'stop t']);
    expect(h.lookup('t')).toBeUndefined();
  });

  it('gives up waiting for a reader that does not start, and releases the topic', async () => {
    const { h } = hub(1);
    await expect(h.acquire('t', 'ticks', 20)).rejects.toMatchObject({ code: 'reader_unavailable' });
    await new Promise((r) => setTimeout(r, 20));
    expect(h.lookup('t')).toBeUndefined();
  });

  it('refuses a new topic with 503 capacity_exhausted when the memory budget is spent, keeping the held ones', async () => {
    const { h, calls } = hub(60_000, { bytesPerTopic: 1000, totalBytes: 2500 });
    for (const t of ['a', 'b']) {
      const held = h.acquire(t, 'ticks', 1000);
      h.lookup(t)?.feed.markLive([0]);
      await held;
    }
    await expect(h.acquire('c', 'ticks', 1000)).rejects.toMatchObject({
      status: 503,
      code: 'capacity_exhausted',
    });
    expect(h.topics()).toEqual(['a', 'b']);
    expect(() => h.assertRoomFor('c')).toThrow(expect.objectContaining({ code: 'capacity_exhausted' }));
    expect(() => h.assertRoomFor('a')).not.toThrow();
    expect(h.lookup('a')?.feed.maxBytes).toBe(1000);
    // Another client of a held topic is still welcome.
    await expect(h.acquire('a', 'ticks', 1000)).resolves.toBe(h.lookup('a')?.feed);
    expect(calls).toEqual(['start a', 'start b']);
  });

  it('gives the memory of a topic idling without clients to a new topic', async () => {
    const { h, calls } = hub(60_000, { bytesPerTopic: 1000, totalBytes: 1000 });
    const held = h.acquire('a', 'ticks', 1000);
    h.lookup('a')?.feed.markLive([0]);
    await held;
    h.release('a');
    const next = h.acquire('b', 'ticks', 1000);
    expect(calls).toEqual(['start a', 'stop a', 'start b']);
    h.lookup('b')?.feed.markLive([0]);
    await next;
    expect(h.reservedBytes()).toBe(1000);
  });
});
