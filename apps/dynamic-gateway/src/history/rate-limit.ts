import { ApiError } from '../http/api-error';

type Bucket = { tokens: number; at: number };

/**
 * A token bucket per application: `perSecond` refill, a burst of twice that. Buckets full again are
 * forgotten, so the map holds only apps that used history in the last couple of seconds.
 */
export function createRateLimiter(perSecond: number, now: () => number = Date.now) {
  const burst = perSecond * 2;
  const buckets = new Map<string, Bucket>();
  let sweptAt = now();

  const sweep = (t: number) => {
    if (t - sweptAt < 10_000) return;
    sweptAt = t;
    for (const [app, b] of buckets)
      if (b.tokens + ((t - b.at) / 1000) * perSecond >= burst) buckets.delete(app);
  };

  return {
    /** Takes one token of `appId` or throws 429 with the wait in `retryAfterMs`. */
    take(appId: string): void {
      const t = now();
      sweep(t);
      const b = buckets.get(appId) ?? { tokens: burst, at: t };
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
      b.at = t;
      buckets.set(appId, b);
      if (b.tokens < 1) {
        const retryAfterMs = Math.ceil(((1 - b.tokens) / perSecond) * 1000);
        throw new ApiError(429, 'rate_limited', `at most ${perSecond} history requests per second`, [], {
          retryAfterMs,
        });
      }
      b.tokens -= 1;
    },
  };
}
