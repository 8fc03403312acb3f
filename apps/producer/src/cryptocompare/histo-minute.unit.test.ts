import { parsePair } from '../pairs';
import { ApiError } from './api-error';
import { fetchMinuteCandles, MINUTE_MS } from './histo-minute';
import type { RestClient } from './rest-client';

const pair = parsePair('BTC-USD') ?? (null as never);
const T0 = 1_700_000_040_000 - (1_700_000_040_000 % MINUTE_MS);

/** Serves `limit + 1` points ending at `toTs`, like the API, from a series of `available` minutes. */
function histoClient(available: { from: number; to: number }, opts: { failAtCall?: number } = {}) {
  const calls: Array<{ toTs: number; limit: number }> = [];
  const client: RestClient = {
    async getJson(_path, q) {
      const toTs = Number(q.toTs) * 1000;
      const limit = Math.min(Number(q.limit), 2000);
      calls.push({ toTs, limit });
      if (opts.failAtCall === calls.length)
        throw new ApiError('rate_limited', 'Type 99', { retryAfterMs: 1000 });
      const points = [];
      for (let t = toTs - limit * MINUTE_MS; t <= toTs; t += MINUTE_MS) {
        if (t < available.from || t > available.to) continue;
        points.push({ time: t / 1000, open: 10, high: 11, low: 9, close: 10, volumefrom: 1, volumeto: 10 });
      }
      return { Response: 'Success', Type: 100, Data: { Aggregated: false, Data: points } };
    },
    close: async () => undefined,
  };
  return { client, calls };
}

describe('fetchMinuteCandles', () => {
  it('fills exactly the requested minutes in one call when it fits', async () => {
    const { client, calls } = histoClient({ from: T0 - 100 * MINUTE_MS, to: T0 });
    const out = await fetchMinuteCandles(client, pair, T0 - 9 * MINUTE_MS, T0);
    expect(out.candles.map((c) => c.start)).toEqual(
      Array.from({ length: 10 }, (_, i) => T0 - (9 - i) * MINUTE_MS),
    );
    expect(calls).toEqual([{ toTs: T0, limit: 9 }]);
    expect(out).toMatchObject({ pendingToMs: null, error: null });
  });

  it('pages backwards with toTs when the range exceeds one call', async () => {
    const { client, calls } = histoClient({ from: T0 - 9000 * MINUTE_MS, to: T0 });
    const out = await fetchMinuteCandles(client, pair, T0 - 4499 * MINUTE_MS, T0);
    expect(out.candles).toHaveLength(4500);
    expect(new Set(out.candles.map((c) => c.start)).size).toBe(4500);
    expect(calls).toEqual([
      { toTs: T0, limit: 2000 },
      { toTs: T0 - 2001 * MINUTE_MS, limit: 2000 },
      { toTs: T0 - 4002 * MINUTE_MS, limit: 497 },
    ]);
  });

  it('stops where the API has no older data (retention) without looping', async () => {
    const { client, calls } = histoClient({ from: T0 - 5 * MINUTE_MS, to: T0 });
    const out = await fetchMinuteCandles(client, pair, T0 - 50 * MINUTE_MS, T0);
    expect(out.candles).toHaveLength(6);
    expect(out.pendingToMs).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it('an error mid-way returns what was fetched and the minutes still missing', async () => {
    const { client } = histoClient({ from: T0 - 9000 * MINUTE_MS, to: T0 }, { failAtCall: 2 });
    const out = await fetchMinuteCandles(client, pair, T0 - 4499 * MINUTE_MS, T0);
    expect(out.candles).toHaveLength(2001);
    expect(out.error?.kind).toBe('rate_limited');
    expect(out.pendingToMs).toBe(T0 - 2001 * MINUTE_MS);
  });

  it('a toTs beyond the kept history ends paging quietly', async () => {
    const client: RestClient = {
      getJson: async () => {
        throw new ApiError('bad_param', 'toTs too old', { param: 'toTs' });
      },
      close: async () => undefined,
    };
    expect(await fetchMinuteCandles(client, pair, T0 - MINUTE_MS, T0)).toMatchObject({
      candles: [],
      pendingToMs: null,
      error: null,
    });
  });
});
