import { CatchUpSlots } from './catch-up-slots';

const settled = () => new Promise((r) => setImmediate(r));

describe('CatchUpSlots', () => {
  it('keeps the last free slot for an app holding none; beyond the queue wait it refuses (503)', async () => {
    const slots = new CatchUpSlots({ total: 2, queueMs: 30 });
    await slots.acquire('a');
    await expect(slots.acquire('a')).rejects.toMatchObject({ status: 503, code: 'too_many_catch_up_reads' });
    await slots.acquire('b');
    expect([slots.heldBy('a'), slots.heldBy('b')]).toEqual([1, 1]);
    await expect(slots.acquire('c')).rejects.toMatchObject({ code: 'too_many_catch_up_reads' });
  });

  it('gives a freed slot to the waiting app that holds fewest, not to the app holding most', async () => {
    const gauges: string[] = [];
    const slots = new CatchUpSlots({
      total: 3,
      queueMs: 10_000,
      onChange: (used, waiting) => gauges.push(`${used}/${waiting}`),
    });
    const releaseA1 = await slots.acquire('a');
    const releaseA2 = await slots.acquire('a');
    const order: string[] = [];
    const ask = (app: string) =>
      slots.acquire(app).then((release) => {
        order.push(app);
        return release;
      });
    const a3 = ask('a');
    const releaseB1 = await slots.acquire('b');
    const b2 = ask('b');
    const c1 = ask('c');
    await settled();
    expect(order).toEqual([]);
    releaseA1();
    await settled();
    expect(order).toEqual(['c']);
    releaseA2();
    await settled();
    expect(order).toEqual(['c', 'a']);
    releaseB1();
    await settled();
    expect(order).toEqual(['c', 'a', 'b']);
    for (const release of await Promise.all([a3, b2, c1])) release();
    expect(slots.inUse).toBe(0);
    expect(gauges.at(-1)).toBe('0/0');
    expect(gauges).toContain('3/3');
  });

  it('serves waiting apps round-robin, each app in arrival order', async () => {
    const slots = new CatchUpSlots({ total: 1, queueMs: 10_000 });
    const first = await slots.acquire('x');
    const order: string[] = [];
    const ask = (app: string, n: number) =>
      slots.acquire(app).then((release) => {
        order.push(`${app}${n}`);
        setImmediate(release);
      });
    const all = [ask('a', 1), ask('a', 2), ask('a', 3), ask('b', 1), ask('c', 1), ask('b', 2)];
    first();
    await Promise.all(all);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('a release is counted once; a timed-out waiter is not served later', async () => {
    const slots = new CatchUpSlots({ total: 1, queueMs: 20 });
    const release = await slots.acquire('a');
    await expect(slots.acquire('b')).rejects.toMatchObject({ code: 'too_many_catch_up_reads' });
    release();
    release();
    expect(slots.inUse).toBe(0);
    expect(slots.heldBy('b')).toBe(0);
    await slots.acquire('c');
    expect(slots.inUse).toBe(1);
  });
});
