import { ApiError } from '../http/api-error';
import { decodeCursor, encodeCursor } from './page-cursor';
import { createRateLimiter } from './rate-limit';

describe('history rate limit', () => {
  it('allows a burst of twice the rate, refills at the rate, and keeps apps apart', () => {
    let now = 0;
    const limiter = createRateLimiter(5, () => now);
    for (let i = 0; i < 10; i++) limiter.take('a');
    expect(() => limiter.take('a')).toThrow(ApiError);
    limiter.take('b');
    now += 200; // one token back at 5/s
    limiter.take('a');
    let refusal: unknown;
    try {
      limiter.take('a');
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toMatchObject({ status: 429, code: 'rate_limited', details: { retryAfterMs: 200 } });
  });
});

describe('page cursor', () => {
  it('round-trips and refuses a cursor of another query shape', () => {
    const text = encodeCursor('candles.1m', 'asc', { at: 1_700_000_000_000, key: 'BTC' });
    expect(decodeCursor(text, 'candles.1m', 'asc')).toEqual({ at: 1_700_000_000_000, key: 'BTC' });
    expect(() => decodeCursor(text, 'candles.1m', 'desc')).toThrow(
      expect.objectContaining({ code: 'invalid_cursor' }),
    );
    expect(() => decodeCursor(text, 'ticks', 'asc')).toThrow(
      expect.objectContaining({ code: 'invalid_cursor' }),
    );
    expect(decodeCursor(undefined, 'ticks', 'asc')).toBeUndefined();
  });
});
