import { createBatcher, type Scheduler } from './batcher';

function manualScheduler() {
  const timers: Array<{ fn: () => void; ms: number; active: boolean }> = [];
  const schedule: Scheduler = (fn, ms) => {
    const t = { fn, ms, active: true };
    timers.push(t);
    return () => {
      t.active = false;
    };
  };
  const fire = () => {
    for (const t of timers.splice(0)) if (t.active) t.fn();
  };
  const active = () => timers.filter((t) => t.active);
  return { schedule, fire, active };
}

const settle = () => new Promise((r) => setImmediate(r));

function deferred() {
  let resolve = () => {};
  let reject: (e: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createBatcher', () => {
  it('flushes after the linger time, once, with everything added meanwhile', async () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const b = createBatcher<number>({
      maxItems: 100,
      lingerMs: 20,
      schedule: clock.schedule,
      flush: async (items) => {
        batches.push(items);
      },
    });
    const p1 = b.add([1, 2]);
    const p2 = b.add([3]);
    expect(clock.active()).toHaveLength(1);
    expect(clock.active()[0]?.ms).toBe(20);
    await settle();
    expect(batches).toEqual([]);
    expect(b.pending()).toBe(3);
    clock.fire();
    await Promise.all([p1, p2]);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(b.pending()).toBe(0);
  });

  it('flushes at once when maxItems are waiting, and cancels the linger timer', async () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const b = createBatcher<number>({
      maxItems: 3,
      lingerMs: 1000,
      schedule: clock.schedule,
      flush: async (items) => {
        batches.push(items);
      },
    });
    const p1 = b.add([1, 2]);
    const p2 = b.add([3, 4]);
    await Promise.all([p1, p2]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(clock.active()).toHaveLength(0);
  });

  it('sends one flush at a time, in order, and gathers items that arrive meanwhile', async () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const gates: Array<ReturnType<typeof deferred>> = [];
    const b = createBatcher<number>({
      maxItems: 2,
      lingerMs: 10,
      schedule: clock.schedule,
      flush: (items) => {
        batches.push(items);
        const gate = deferred();
        gates.push(gate);
        return gate.promise;
      },
    });
    const first = b.add([1, 2]);
    const second = b.add([3]);
    const third = b.add([4]);
    await settle();
    expect(batches).toEqual([[1, 2]]);
    expect(clock.active()).toHaveLength(0);
    gates[0]?.resolve();
    await first;
    await settle();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    gates[1]?.resolve();
    await Promise.all([second, third]);
  });

  it('rejects every add of a failed batch with its error, and carries on', async () => {
    const clock = manualScheduler();
    let fail = true;
    const b = createBatcher<string>({
      maxItems: 10,
      lingerMs: 5,
      schedule: clock.schedule,
      flush: async () => {
        if (fail) throw new Error('broker down');
      },
    });
    const a = b.add(['a']);
    const c = b.add(['c']);
    clock.fire();
    await expect(a).rejects.toThrow('broker down');
    await expect(c).rejects.toThrow('broker down');
    fail = false;
    const d = b.add(['d']);
    clock.fire();
    await expect(d).resolves.toBeUndefined();
  });

  it('never splits one add, even beyond maxItems', async () => {
    const batches: number[][] = [];
    const b = createBatcher<number>({
      maxItems: 2,
      lingerMs: 5,
      schedule: manualScheduler().schedule,
      flush: async (items) => {
        batches.push(items);
      },
    });
    await b.add([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('flush() sends what waits without waiting for the timer', async () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const b = createBatcher<number>({
      maxItems: 100,
      lingerMs: 60_000,
      schedule: clock.schedule,
      flush: async (items) => {
        batches.push(items);
      },
    });
    const p = b.add([7]);
    await b.flush();
    await p;
    expect(batches).toEqual([[7]]);
    expect(clock.active()).toHaveLength(0);
    await b.flush();
    expect(batches).toHaveLength(1);
  });

  it('resolves empty adds at once', async () => {
    const flush = jest.fn(async () => {});
    const b = createBatcher<number>({
      maxItems: 1,
      lingerMs: 1,
      flush,
      schedule: manualScheduler().schedule,
    });
    await b.add([]);
    expect(flush).not.toHaveBeenCalled();
  });
});
