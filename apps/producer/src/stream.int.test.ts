import { createManualClock } from '@mdp/cryptocompare-simulator/clock';
import { eventually } from '@mdp/runtime/testing';
import { parseTick, rawEntries } from './cryptocompare/tick-parser';
import { type Harness, sleep, startHarness } from './testing/harness';
import { readTopic } from './tools/read-topic';
import { checkTicks } from './tools/topic-checks';

jest.setTimeout(120_000);

describe('streamer v2 (simulator + real broker)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('partial type-5 updates yield correctly merged ticks: every update once, with the full state', async () => {
    const clock = createManualClock(Date.now());
    h = await startHarness({
      sim: { pairs: ['BTC-USD', 'ETH-USD'], tickRate: 1, seed: 11, clock, heartbeatMs: 3_600_000 },
      env: {
        PRODUCER_REST_ENABLED: 'false',
        PRODUCER_CANDLES_ENABLED: 'false',
        PRODUCER_PAIRS: 'BTC-USD,ETH-USD',
        PRODUCER_STREAM_BATCH_MS: '20',
      },
    });
    await h.startProducer();
    await eventually(async () => (await h.metric('producer_ticks_published_total')) >= 2, 'the snapshots');
    const fromSeq = h.sim.emitted.latestSeq();
    // Each step moves every pair once; the streamer then sends only the fields that changed.
    for (let i = 0; i < 30; i++) {
      clock.advance(1_000);
      await sleep(20);
    }
    const expected = h.sim.emitted.ticks({ since: fromSeq }).filter((e) => e.market === 'CCCAGG');
    await eventually(
      async () => (await h.metric('producer_ticks_published_total')) >= 2 + expected.length,
      'every update',
    );
    await h.stopProducer();

    const report = checkTicks(await readTopic(h.kafka, h.topics.ticks));
    expect(report).toMatchObject({ invalid: 0, duplicates: 0, wrongKey: 0, missingHeaders: 0 });
    const published = new Set(
      report.ticks.map((t) => `${t.base}-${t.quote}|${t.ts}|${t.price}|${t.tradeId}`),
    );
    for (const e of expected)
      expect(published).toContain(`${e.pair}|${e.lastUpdate * 1000}|${e.price}|${e.lastTradeId}`);
    expect(report.ticks.every((t) => t.origin === 'stream')).toBe(true);

    // The clock stands still: the REST snapshot now is the state the last merged tick must equal, field by field.
    const body = await (
      await fetch(`${h.address.baseUrl}/data/pricemultifull?fsyms=BTC,ETH&tsyms=USD`)
    ).json();
    for (const { raw } of rawEntries(body) ?? []) {
      const rest = parseTick(raw, 'rest');
      if (!rest.ok) throw new Error(rest.reason);
      const last = report.ticks.filter((t) => t.base === rest.value.base).at(-1);
      expect({ ...last, origin: 'rest' }).toEqual(rest.value);
    }
  });

  it('keeps publishing through dropped sockets and malformed frames, resubscribing with fresh snapshots', async () => {
    h = await startHarness({
      sim: { pairs: ['BTC-USD'], tickRate: 5, seed: 5, heartbeatMs: 1_000 },
      env: {
        PRODUCER_REST_ENABLED: 'false',
        PRODUCER_CANDLES_ENABLED: 'false',
        PRODUCER_PAIRS: 'BTC-USD',
        PRODUCER_STREAM_HEARTBEAT_MS: '1000',
        PRODUCER_STREAM_RECONNECT_MIN_MS: '5000',
      },
    });
    await h.startProducer();
    await eventually(async () => (await h.metric('producer_ticks_published_total')) >= 5, 'first ticks');
    h.sim.faults.set({ streamMalformed: { count: 3 } });
    await sleep(1_000);
    h.sim.faults.dropSockets();
    await eventually(
      async () => (await h.metric('producer_stream_reconnects_total')) >= 1,
      'a reconnect',
      20_000,
    );
    const before = await h.metric('producer_ticks_published_total');
    await eventually(
      async () => (await h.metric('producer_ticks_published_total')) > before + 5,
      'ticks after the reconnect',
      20_000,
    );
    expect(await h.metric('producer_stream_invalid_frames_total')).toBeGreaterThanOrEqual(1);
    await h.stopProducer();
    const report = checkTicks(await readTopic(h.kafka, h.topics.ticks));
    expect(report).toMatchObject({ invalid: 0, duplicates: 0 });
    // No tick made of a half-merged state: every one is an update the simulator made.
    const truth = new Set(
      h.sim.emitted
        .ticks({ pair: 'BTC-USD', market: 'CCCAGG' })
        .map((e) => `${e.lastUpdate * 1000}|${e.price}|${e.lastTradeId}`),
    );
    for (const t of report.ticks) expect(truth).toContain(`${t.ts}|${t.price}|${t.tradeId}`);
  });
});
