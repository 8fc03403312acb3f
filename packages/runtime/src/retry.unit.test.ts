import { mayRetry, retry, retryDelayMs, sleep } from './retry';

const failing = (failures: number, value = 'done') => {
  let calls = 0;
  const op = async () => {
    calls += 1;
    if (calls <= failures) throw new Error(`failure ${calls}`);
    return value;
  };
  return { op, calls: () => calls };
};

describe('retryDelayMs and mayRetry (the machines)', () => {
  const policy = { baseMs: 100, maxMs: 1000, maxAttempts: 3 };

  it('doubles from baseMs per failure, capped, with equal jitter', () => {
    expect([1, 2, 3, 4, 5, 9].map((f) => retryDelayMs(f, policy, () => 0.999999))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([1, 2, 3, 4, 5].map((f) => retryDelayMs(f, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect(retryDelayMs(0, policy, () => 0)).toBe(50);
  });

  it('allows maxAttempts failures before the give-up state; 0 is no limit', () => {
    expect([1, 2, 3, 4].map((f) => mayRetry(f, policy))).toEqual([true, true, false, false]);
    expect(mayRetry(1_000_000, { maxAttempts: 0 })).toBe(true);
  });
});

describe('retry (the loops)', () => {
  const waits: number[] = [];
  const fakeSleep = async (ms: number) => {
    waits.push(ms);
  };
  beforeEach(() => {
    waits.length = 0;
  });

  it('tries until it succeeds, waiting a capped backoff between tries', async () => {
    const { op, calls } = failing(4);
    const retries: number[] = [];
    const result = await retry(op, {
      backoff: { baseMs: 100, maxMs: 300, jitter: 'none' },
      sleep: fakeSleep,
      onRetry: ({ attempt }) => retries.push(attempt),
    });
    expect(result).toBe('done');
    expect(calls()).toBe(5);
    expect(waits).toEqual([100, 200, 300, 300]);
    expect(retries).toEqual([1, 2, 3, 4]);
  });

  it('jitters equally by default', async () => {
    const { op } = failing(1);
    await retry(op, { backoff: { baseMs: 100, maxMs: 300, random: () => 0 }, sleep: fakeSleep });
    expect(waits).toEqual([50]);
  });

  it('with waitFirst, waits before the first try too, one backoff step ahead', async () => {
    const { op } = failing(2);
    const seen: Array<[number, number]> = [];
    await retry(op, {
      backoff: { baseMs: 100, maxMs: 1000, jitter: 'none' },
      waitFirst: true,
      sleep: fakeSleep,
      onRetry: ({ attempt, delayMs }) => seen.push([attempt, delayMs]),
    });
    expect(waits).toEqual([100, 200, 400]);
    expect(seen).toEqual([
      [0, 100],
      [1, 200],
      [2, 400],
    ]);
  });

  it('gives up after maxAttempts tries with the last error', async () => {
    const { op, calls } = failing(10);
    await expect(
      retry(op, { backoff: { baseMs: 1, maxMs: 1 }, maxAttempts: 3, sleep: fakeSleep }),
    ).rejects.toThrow('failure 3');
    expect(calls()).toBe(3);
  });

  it('throws an error it may not retry at once', async () => {
    const { op, calls } = failing(10);
    await expect(
      retry(op, { backoff: { baseMs: 1, maxMs: 1 }, retryable: () => false, sleep: fakeSleep }),
    ).rejects.toThrow('failure 1');
    expect(calls()).toBe(1);
  });

  it('gives up when the next try would start after withinMs', async () => {
    let clock = 0;
    const { op, calls } = failing(10);
    await expect(
      retry(op, {
        backoff: { baseMs: 100, maxMs: 100, jitter: 'none' },
        withinMs: 250,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
      }),
    ).rejects.toThrow('failure 3');
    expect(calls()).toBe(3);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const abort = new AbortController();
    const { op, calls } = failing(10);
    const running = retry(op, { backoff: { baseMs: 60_000, maxMs: 60_000 }, signal: abort.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    abort.abort(new Error('stopping'));
    await expect(running).rejects.toThrow('stopping');
    expect(calls()).toBe(1);
  });

  it('sleep resolves after the time, and rejects at once on an aborted signal', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    await expect(sleep(1000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
