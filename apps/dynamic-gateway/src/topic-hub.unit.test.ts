import { TopicHub } from './topic-hub';

function hub(idleMs = 50) {
  const calls: string[] = [];
  const h = new TopicHub({
    capacity: 10,
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
});
