import { eventually } from '@mdp/runtime/testing';
import { type Harness, sleep, startHarness } from './testing/harness';
import { readTopic } from './tools/read-topic';
import { checkCandles, checkTicks } from './tools/topic-checks';

jest.setTimeout(120_000);

const REST_ONLY = {
  PRODUCER_STREAM_ENABLED: 'false',
  PRODUCER_CANDLES_ENABLED: 'false',
  PRODUCER_POLL_INTERVAL_MS: '250',
};

describe('REST polling (simulator + real broker)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('puts each distinct update on market.ticks.v1 exactly once, although every update is polled many times', async () => {
    h = await startHarness({
      sim: { pairs: ['BTC-USD', 'ETH-USD'], tickRate: 0.5, seed: 7 },
      env: { ...REST_ONLY, PRODUCER_PAIRS: 'BTC-USD,ETH-USD' },
    });
    const startedAt = h.sim.clock.now();
    await h.startProducer();
    await sleep(7_000);
    await h.stopProducer();
    const report = checkTicks(await readTopic(h.kafka, h.topics.ticks));
    expect(report).toMatchObject({ invalid: 0, duplicates: 0, wrongKey: 0, missingHeaders: 0 });
    const published = new Set(
      report.ticks.map((t) => `${t.base}-${t.quote}|${t.ts}|${t.price}|${t.tradeId}`),
    );
    const truth = (pair: string) =>
      h.sim.emitted
        .ticks({ pair, market: 'CCCAGG' })
        .map((e) => `${e.pair}|${e.lastUpdate * 1000}|${e.price}|${e.lastTradeId}`);
    for (const pair of ['BTC-USD', 'ETH-USD']) {
      const all = truth(pair);
      // Every published tick is an update the API really made (the state before the first one is
      // the simulator's starting point, not a recorded update)…
      const firstMade = Number(all[0]?.split('|')[1]);
      for (const id of [...published].filter(
        (p) => p.startsWith(pair) && Number(p.split('|')[1]) >= firstMade,
      )) {
        expect(all).toContain(id);
      }
      // …and every update made while polling (2 s apart, polled every 250 ms) is there.
      const during = h.sim.emitted
        .ticks({ pair, sinceMs: startedAt + 1_000 })
        .filter((e) => e.atMs < h.sim.clock.now() - 1_000);
      expect(during.length).toBeGreaterThanOrEqual(2);
      for (const e of during)
        expect(published).toContain(`${e.pair}|${e.lastUpdate * 1000}|${e.price}|${e.lastTradeId}`);
    }
  });

  it('a rate-limit burst makes it back off and recover with no pair lost', async () => {
    const pairs = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'XRP-USD', 'ADA-USD', 'DOGE-USD', 'LTC-USD', 'DOT-USD'];
    h = await startHarness({
      sim: { pairs, tickRate: 1, seed: 3 },
      env: {
        PRODUCER_STREAM_ENABLED: 'false',
        PRODUCER_POLL_INTERVAL_MS: '250',
        PRODUCER_PAIRS: pairs.join(','),
        PRODUCER_BACKFILL_LOOKBACK_MS: '1800000',
      },
    });
    // The server allows 2 calls a second: the start (8 backfills + polls) runs straight into it.
    h.sim.faults.set({ rateLimit: { second: 2 } });
    await h.startProducer();
    await eventually(
      async () => (await h.metric('producer_api_errors_total', { type: 'rate_limited' })) >= 3,
      'rate-limit errors',
    );
    expect(await h.metric('producer_rate_limit_waits_total', { reason: 'server' })).toBeGreaterThan(0);
    await sleep(2_000);
    h.sim.faults.set({ rateLimit: { second: 50 } });
    const recoveredAt = Date.now();
    await eventually(
      async () => {
        const report = checkTicks(await readTopic(h.kafka, h.topics.ticks));
        return pairs.every((p) =>
          report.ticks.some((t) => `${t.base}-${t.quote}` === p && t.ts >= recoveredAt - 2_000),
        );
      },
      'fresh ticks of every pair after the burst',
      30_000,
    );
    await eventually(
      async () => {
        const candles = checkCandles(await readTopic(h.kafka, h.topics.candles1m));
        return pairs.every((p) => (candles.perPair[`CCCAGG:${p}`]?.minutes ?? 0) >= 30);
      },
      'the backfill of every pair',
      30_000,
    );
    await h.stopProducer();
    const ticks = checkTicks(await readTopic(h.kafka, h.topics.ticks));
    expect(ticks).toMatchObject({ invalid: 0, duplicates: 0, wrongKey: 0 });
    const candles = checkCandles(await readTopic(h.kafka, h.topics.candles1m));
    expect(candles.invalid).toBe(0);
    for (const p of pairs) expect(candles.perPair[`CCCAGG:${p}`]?.holes).toEqual([]);
  });
});
