import { CatchUpSlots } from './catch-up-slots';

const settled = () => new Promise((r) => setImmediate(r));

describe('CatchUpSlots', () => {
  it('grants free slots at once and refuses (503) after the queue wait', async () => {
    const slots = new CatchUpSlots({ total: 2, queueMs: 30 });
    await slots.acquire('a');
    await slots.acquire('a');
    await expect(slots.acquire('a')).rejects.toMatchObject({ status: 503, code: 'too_many_catch_up_reads' });
    expect(slots.inUse).toBe(2);
  });

  it('gives a freed slot to the waiting app that holds fewest, not to the app holding every slot', async () => {
    const gauges: string[] = [];
    const slots = new CatchUpSlots({
      total: 2,
      queueMs: 10_000,
      onChange: (used, waiting) => gauges.push(`${used}/${waiting}`),
    });
    const releaseA1 = await slots.acquire('a');
    const releaseA2 = await slots.acquire('a');
    const order: string[] = [];
    const a3 = slots.acquire('a').then((r) => {
      order.push('a');
      return r;
    });
    const b1 = slots.acquire('b').then((r) => {
      order.push('b');
      return r;
    });
    releaseA1();
    await settled();
    expect(order).toEqual(['b']);
    expect(slots.heldBy('b')).toBe(1);
    releaseA2();
    await settled();
    expect(order).toEqual(['b', 'a']);
    (await a3)();
    (await b1)();
    expect(slots.inUse).toBe(0);
    expect(gauges).toEqual(['1/0', '2/0', '2/1', '2/2', '1/2', '2/1', '1/1', '2/0', '1/0', '0/0']);
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
