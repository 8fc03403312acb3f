import { eventually } from '@mdp/runtime/testing';
import { floorMinute } from '../../pipeline/candle-tracker';
import { type Harness, startHarness } from '../../testing/harness';
import { readTopic } from '../../tools/read-topic';
import { checkCandles, checkTicks } from '../../tools/topic-checks';

jest.setTimeout(180_000);

describe('coinbase source with cryptocompare at once (simulator + real broker)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('publishes both markets; Coinbase ticks are the trades once each, its candles gap-free after a lost stream', async () => {
    h = await startHarness({
      sim: { pairs: ['BTC-USD'], tickRate: 4, seed: 31, heartbeatMs: 1_000 },
      env: {
        PRODUCER_SOURCES: 'cryptocompare,coinbase',
        PRODUCER_PAIRS: 'BTC-USD',
        COINBASE_PAIRS: 'BTC-USD,ETH-USD',
        PRODUCER_BACKFILL_LOOKBACK_MS: '900000',
        PRODUCER_POLL_INTERVAL_MS: '1000',
        PRODUCER_CANDLE_POLL_INTERVAL_MS: '2000',
        PRODUCER_STREAM_HEARTBEAT_MS: '1000',
        PRODUCER_STREAM_RECONNECT_MIN_MS: '5000',
      },
    });
    await h.startProducer();
    const published = (pair: string) => h.metric('producer_ticks_published_total', { pair });
    await eventually(async () => (await published('COINBASE:BTC-USD')) >= 5, 'coinbase ticks', 30_000);
    await eventually(async () => (await published('CCCAGG:BTC-USD')) >= 2, 'cryptocompare ticks', 30_000);
    await eventually(
      async () => (await h.metric('producer_candles_published_total', { pair: 'COINBASE:ETH-USD' })) >= 15,
      'coinbase candle backfill',
      30_000,
    );

    // Both feeds lose their sockets: Coinbase reconnects and REST snapshots cover the gap meanwhile.
    const before = await published('COINBASE:BTC-USD');
    h.sim.faults.dropSockets();
    await eventually(
      async () => (await h.metric('producer_stream_reconnects_total')) >= 2,
      'reconnects',
      30_000,
    );
    await eventually(async () => (await published('COINBASE:BTC-USD')) > before + 10, 'ticks after', 30_000);
    await h.stopProducer();
    const stoppedAt = Date.now();

    const ticks = checkTicks(await readTopic(h.kafka, h.topics.ticks));
    expect(ticks).toMatchObject({ invalid: 0, duplicates: 0, wrongKey: 0, missingHeaders: 0 });
    const coinbase = ticks.ticks.filter((t) => t.market === 'COINBASE');
    expect(coinbase.length).toBeGreaterThan(10);
    expect(ticks.ticks.some((t) => t.market === 'CCCAGG')).toBe(true);
    // Every Coinbase tick is a trade the simulated exchange made (REST snapshot or stream, once).
    const truth = new Set(
      h.sim.emitted
        .ticks({ market: 'Coinbase' })
        .map((e) => `${e.pair}|${e.lastUpdate * 1000}|${e.price}|${e.lastTradeId}`),
    );
    // A pair's opening state (its activation by the first REST call or subscription) is not a trade.
    const firstTrade = new Map<string, number>();
    for (const e of h.sim.emitted.ticks({ market: 'Coinbase' }))
      firstTrade.set(
        e.pair,
        Math.min(firstTrade.get(e.pair) ?? Number.POSITIVE_INFINITY, e.lastUpdate * 1000),
      );
    const trades = coinbase.filter((t) => t.ts >= (firstTrade.get(`${t.base}-${t.quote}`) ?? 0));
    expect(trades.length).toBeGreaterThan(10);
    for (const t of trades) expect(truth).toContain(`${t.base}-${t.quote}|${t.ts}|${t.price}|${t.tradeId}`);
    expect(new Set(coinbase.map((t) => t.origin))).toContain('stream');

    const candles = checkCandles(await readTopic(h.kafka, h.topics.candles1m));
    expect(candles.invalid).toBe(0);
    for (const pair of ['COINBASE:BTC-USD', 'COINBASE:ETH-USD']) {
      expect(candles.perPair[pair]?.holes).toEqual([]);
      expect(candles.perPair[pair]?.minutes).toBeGreaterThanOrEqual(15);
    }
    // Closed minutes equal the exchange's own candles (the last revision of each minute counts).
    const last = new Map<string, (typeof candles.candles)[number]>();
    for (const c of candles.candles) if (c.market === 'COINBASE') last.set(`${c.base}@${c.start}`, c);
    for (const c of last.values()) {
      if (c.start >= floorMinute(stoppedAt) - 60_000) continue;
      const sim = h.sim.market.minute('Coinbase', c.base, c.quote, c.start);
      expect(sim).toBeDefined();
      expect([c.open, c.high, c.low, c.close, c.volumeFrom]).toEqual([
        sim?.open,
        sim?.high,
        sim?.low,
        sim?.close,
        sim?.volumeFrom,
      ]);
    }
  });
});
