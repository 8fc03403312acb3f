import { createFrameLimiter, TokenBucket } from './rate-limit';

describe('TokenBucket', () => {
  it('allows the burst, then the rate', () => {
    let t = 0;
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, () => t);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    t += 100; // one token per 100 ms
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    t += 10_000; // refills up to the burst only
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});

describe('createFrameLimiter', () => {
  it('shares one app bucket between the sockets of an app, not between apps', () => {
    const t = 0;
    const limiter = createFrameLimiter(
      { socket: { perSecond: 1, burst: 10 }, app: { perSecond: 1, burst: 4 } },
      () => t,
    );
    const a1 = limiter.forSocket('a');
    const a2 = limiter.forSocket('a');
    const b = limiter.forSocket('b');
    expect([a1(), a1(), a2(), a2(), a2()]).toEqual(['ok', 'ok', 'ok', 'ok', 'app']);
    expect(b()).toBe('ok');
  });

  it('names the socket bucket when one socket floods', () => {
    const limiter = createFrameLimiter(
      { socket: { perSecond: 1, burst: 2 }, app: { perSecond: 1, burst: 100 } },
      () => 0,
    );
    const s = limiter.forSocket('a');
    expect([s(), s(), s()]).toEqual(['ok', 'ok', 'socket']);
  });
});
