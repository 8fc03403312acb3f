import { eventually } from '@mdp/runtime/testing';
import { type Harness, startHarness } from '../../testing/harness';
import { readTopic } from '../../tools/read-topic';
import { checkTicks } from '../../tools/topic-checks';

jest.setTimeout(180_000);

const KEY = 'coindesk-stream-key-3d7c1e9f04ab';

describe('coindesk data-streamer (simulator + real broker)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it.each(['subscribe', 'sub_add'])(
    'publishes streamed index ticks once each, reconnects after a dropped socket, never logs the key (%s)',
    async (syntax) => {
      h = await startHarness({
        sim: { pairs: ['BTC-USD'], tickRate: 4, seed: 43, apiKey: KEY, heartbeatMs: 1_000 },
        env: {
          PRODUCER_SOURCES: 'coindesk',
          COINDESK_PAIRS: 'BTC-USD',
          COINDESK_WS_SYNTAX: syntax,
          PRODUCER_BACKFILL_LOOKBACK_MS: '300000',
          PRODUCER_POLL_INTERVAL_MS: '1000',
          PRODUCER_CANDLE_POLL_INTERVAL_MS: '5000',
          PRODUCER_STREAM_RECONNECT_MIN_MS: '5000',
          LOG_LEVEL: 'debug',
        },
      });
      await h.startProducer({ COINDESK_API_KEY: KEY });
      const published = () => h.metric('producer_ticks_published_total', { pair: 'CADLI:BTC-USD' });
      await eventually(async () => (await published()) >= 10, 'streamed index ticks', 30_000);

      // The socket is dropped: the streamer reconnects (REST snapshots cover the gap) and ticks go on.
      h.sim.faults.dropSockets();
      await eventually(
        async () => (await h.metric('producer_stream_reconnects_total')) >= 1,
        'a reconnect',
        30_000,
      );
      const before = await published();
      await eventually(async () => (await published()) > before + 10, 'ticks after the reconnect', 30_000);
      await h.stopProducer();

      const ticks = checkTicks(await readTopic(h.kafka, h.topics.ticks));
      expect(ticks).toMatchObject({ invalid: 0, duplicates: 0, wrongKey: 0 });
      const index = ticks.ticks.filter((t) => t.market === 'CADLI');
      expect(index.filter((t) => t.origin === 'stream').length).toBeGreaterThan(15);
      // Every streamed tick is an index update the simulator made (a REST snapshot taken before the
      // first update may be the pair's opening state, which is not one), and every tick goes out once.
      const truth = new Set(
        h.sim.emitted.ticks({ market: 'CCCAGG' }).map((e) => `${e.pair}|${e.lastUpdate * 1000}|${e.price}`),
      );
      for (const t of index.filter((t) => t.origin === 'stream'))
        expect(truth).toContain(`${t.base}-${t.quote}|${t.ts}|${t.price}`);
      const ids = index.map((t) => `${t.ts}|${t.price}|${t.tradeId}`);
      expect(new Set(ids).size).toBe(ids.length);

      const logs = h.logLines().join('\n');
      expect(logs).toContain('coindesk streamer delivering');
      expect(logs).not.toContain(KEY);
      expect(await h.metricsText()).not.toContain(KEY);
    },
  );
});
