import { createRateLimiter } from './rate-limiter';

function clock(start: number) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createRateLimiter', () => {
  it('allows the per-second budget, then waits for the next second', () => {
    const c = clock(1_000_000);
    const limiter = createRateLimiter({ perSecond: 3, perMinute: 100, perHour: 1000 }, c.now);
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([true, true, true]);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.waitMs()).toBe(1000);
    c.advance(400);
    expect(limiter.waitMs()).toBe(600);
    c.advance(600);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('counts calendar minutes and hours like the API', () => {
    const c = clock(3_600_000 * 10 + 59_000); // one second before a minute boundary
    const limiter = createRateLimiter({ perSecond: 100, perMinute: 2, perHour: 3 }, c.now);
    limiter.tryAcquire();
    limiter.tryAcquire();
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.waitMs()).toBe(1000);
    c.advance(1000);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false); // hour budget (3) spent
    expect(limiter.waitMs()).toBe(3_600_000 - 60_000);
  });

  it('blockFor holds every call until the server-given time has passed', () => {
    const c = clock(5_000);
    const limiter = createRateLimiter({ perSecond: 10, perMinute: 100, perHour: 1000 }, c.now);
    limiter.blockFor(2_500);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.waitMs()).toBe(2_500);
    c.advance(2_500);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('acquire sleeps until a call fits and can be aborted', async () => {
    const c = clock(0);
    const slept: number[] = [];
    const limiter = createRateLimiter({ perSecond: 1, perMinute: 100, perHour: 1000 }, c.now, async (ms) => {
      slept.push(ms);
      c.advance(ms);
    });
    await limiter.acquire();
    await limiter.acquire();
    expect(slept).toEqual([1000]);
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await expect(limiter.acquire(abort.signal)).rejects.toThrow('stop');
  });
});
