import { eventually } from '@mdp/runtime/testing';
import { floorMinute } from '../../pipeline/candle-tracker';
import { type Harness, startHarness } from '../../testing/harness';
import { readTopic } from '../../tools/read-topic';
import { checkCandles, checkTicks } from '../../tools/topic-checks';

jest.setTimeout(180_000);

const KEY = 'coindesk-key-5b8e1f3a9c27';
const WRONG = 'wrong-key-0c9d7a4e6b21';

describe('coindesk source with coinbase at once (simulator + real broker)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('polls index ticks and minutes with the key in the header, backfills without holes, never logs the key', async () => {
    h = await startHarness({
      sim: { pairs: ['BTC-USD'], tickRate: 4, seed: 41, apiKey: KEY, heartbeatMs: 1_000 },
      env: {
        PRODUCER_SOURCES: 'coindesk,coinbase',
        COINDESK_PAIRS: 'BTC-USD,ETH-USD',
        COINBASE_PAIRS: 'BTC-USD',
        PRODUCER_BACKFILL_LOOKBACK_MS: '1200000',
        PRODUCER_POLL_INTERVAL_MS: '500',
        PRODUCER_CANDLE_POLL_INTERVAL_MS: '2000',
        LOG_LEVEL: 'debug',
      },
    });
    // A wrong key: the data-api's 401 is a typed error, the other source keeps flowing.
    await h.startProducer({ COINDESK_API_KEY: WRONG });
    await eventually(
      async () => (await h.metric('producer_api_errors_total', { type: 'unauthorized' })) > 0,
      'a 401',
    );
    await eventually(
      async () => (await h.metric('producer_ticks_published_total', { pair: 'COINBASE:BTC-USD' })) > 0,
      'coinbase ticks meanwhile',
    );
    await h.stopProducer();

    await h.startProducer({ COINDESK_API_KEY: KEY });
    const published = (pair: string) => h.metric('producer_ticks_published_total', { pair });
    await eventually(async () => (await published('CADLI:BTC-USD')) >= 5, 'index ticks', 30_000);
    await eventually(
      async () => (await h.metric('producer_candles_published_total', { pair: 'CADLI:ETH-USD' })) >= 20,
      'index minutes backfilled',
      30_000,
    );
    // Rate limited by the server for a while: calls pause, then resume.
    h.sim.faults.set({ rateLimit: { second: 1 } });
    await eventually(
      async () => (await h.metric('producer_api_errors_total', { type: 'rate_limited' })) > 0,
      'a 429',
    );
    h.sim.faults.set({ rateLimit: { second: 1_000 } });
    const before = await published('CADLI:BTC-USD');
    await eventually(
      async () => (await published('CADLI:BTC-USD')) > before + 3,
      'ticks after the 429',
      30_000,
    );
    await h.stopProducer();
    const stoppedAt = Date.now();

    const ticks = checkTicks(await readTopic(h.kafka, h.topics.ticks));
    expect(ticks).toMatchObject({ invalid: 0, duplicates: 0, wrongKey: 0 });
    const truth = new Set(
      h.sim.emitted.ticks({ market: 'CCCAGG' }).map((e) => `${e.pair}|${e.lastUpdate * 1000}|${e.price}`),
    );
    // BTC-USD trades from the simulator's start; ETH-USD starts at its activation (first poll), whose
    // opening state is not an emitted trade.
    const index = ticks.ticks.filter((t) => t.market === 'CADLI' && t.base === 'BTC');
    expect(index.length).toBeGreaterThan(5);
    for (const t of index) expect(truth).toContain(`${t.base}-${t.quote}|${t.ts}|${t.price}`);

    const candles = checkCandles(await readTopic(h.kafka, h.topics.candles1m));
    expect(candles.invalid).toBe(0);
    for (const pair of ['CADLI:BTC-USD', 'CADLI:ETH-USD']) {
      expect(candles.perPair[pair]?.holes).toEqual([]);
      expect(candles.perPair[pair]?.minutes).toBeGreaterThanOrEqual(20);
    }
    const last = new Map<string, (typeof candles.candles)[number]>();
    for (const c of candles.candles) if (c.market === 'CADLI') last.set(`${c.base}@${c.start}`, c);
    for (const c of last.values()) {
      if (c.start >= floorMinute(stoppedAt) - 60_000) continue;
      const sim = h.sim.market.minute('CCCAGG', c.base, c.quote, c.start);
      expect([c.open, c.high, c.low, c.close, c.volumeFrom]).toEqual([
        sim?.open,
        sim?.high,
        sim?.low,
        sim?.close,
        sim?.volumeFrom,
      ]);
    }
    const logs = h.logLines().join('\n');
    expect(logs).not.toContain(KEY);
    expect(logs).not.toContain(WRONG);
    expect(await h.metricsText()).not.toContain(KEY);
  });
});
