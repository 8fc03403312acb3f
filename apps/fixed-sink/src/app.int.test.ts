import { DlqHeaders } from '@mdp/contracts/headers';
import { uniqueGroupId } from '@mdp/runtime/testing';
import type { SinkApp } from './app';
import { candle, tick } from './testing/fixtures';
import { candleRecord, readDlq, tickRecord } from './testing/kafka';
import { type Scenario, scenario } from './testing/scenario';
import { startSinkApp } from './testing/sink-harness';

const TICKS = 'SELECT count(*)::int AS n FROM ticks';
const CANDLES = 'SELECT count(*)::int AS n FROM candles_1m';
const BASES = ['BTC', 'ETH', 'SOL', 'ADA', 'XRP', 'DOGE', 'DOT', 'LTC'];

describe('fixed-sink against the real broker and PostgreSQL', () => {
  let s: Scenario;
  let app: SinkApp;

  beforeAll(async () => {
    s = await scenario('app');
    ({ app } = startSinkApp(
      s.env({ KAFKA_CLIENT_ID: 'sink-app-test', SINK_GROUP_ID: s.groupId, SINK_BATCH_SIZE: '700' }),
    ));
    await app.start();
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await s?.cleanup();
  }, 60_000);

  it('stores N ticks as N rows and N one-minute candles as N rows', async () => {
    const ticks = Array.from({ length: 3000 }, (_, i) =>
      tickRecord(tick({ base: BASES[i % BASES.length], ts: 1_700_000_000_000 + i, tradeId: `n${i}` })),
    );
    const candles = Array.from({ length: 400 }, (_, i) =>
      candleRecord(
        candle({
          base: BASES[i % BASES.length],
          start: 1_700_000_000_000 - (1_700_000_000_000 % 60_000) + Math.floor(i / 8) * 60_000,
        }),
      ),
    );
    await s.producer.send(s.topics.ticks, ticks);
    await s.producer.send(s.topics.candles1m, candles);
    expect(await s.countReaches(TICKS, 3000)).toBe(3000);
    expect(await s.countReaches(CANDLES, 400)).toBe(400);
  }, 90_000);

  it('stores a tick sent again (even with a new envelope id) once', async () => {
    const base = tick({ base: 'DUP', ts: 1_710_000_000_000, tradeId: 'same' });
    const before = await s.count(TICKS);
    await s.producer.send(s.topics.ticks, [tickRecord(base), tickRecord(base), tickRecord(base)]);
    await s.producer.send(s.topics.ticks, [
      tickRecord(tick({ base: 'DUP', ts: 1_710_000_000_001, tradeId: 'marker' })),
    ]);
    await s.countReaches(`SELECT count(*)::int AS n FROM ticks WHERE base = 'DUP'`, 2);
    expect(
      await s.count(`SELECT count(*)::int AS n FROM ticks WHERE base = 'DUP' AND trade_id = 'same'`),
    ).toBe(1);
    expect(await s.count(TICKS)).toBe(before + 2);
  }, 60_000);

  it('keeps the latest revision of a candle', async () => {
    const start = 1_720_000_020_000 - (1_720_000_020_000 % 60_000);
    const revisions = [101, 102, 103, 104, 105].map((close, i) =>
      candleRecord(candle({ base: 'REV', start, close, high: 200 }), new Date(1_720_000_000_000 + i * 1000)),
    );
    await s.producer.send(s.topics.candles1m, revisions.slice(0, 2));
    await s.producer.send(s.topics.candles1m, revisions.slice(2));
    await s.countReaches(`SELECT count(*)::int AS n FROM candles_1m WHERE base = 'REV' AND close = 105`, 1);
    const rows = await s.db.query(`SELECT close FROM candles_1m WHERE base = 'REV'`);
    expect(rows.rows).toEqual([{ close: 105 }]);
  }, 60_000);

  it('puts invalid messages on the DLQ with their reasons and stores the valid ones around them', async () => {
    const dlq = await readDlq(s.kafka, s.topics.dlq('fixed-sink'), uniqueGroupId('dlq-reader'));
    try {
      const valid = (i: number) =>
        tickRecord(tick({ base: 'MIX', ts: 1_730_000_000_000 + i, tradeId: `v${i}` }));
      await s.producer.send(s.topics.ticks, [
        valid(0),
        { key: 'k', value: 'not json' },
        valid(1),
        tickRecord({ ...tick({ base: 'MIX' }), price: -5 }),
        tickRecord(tick({ base: 'MIX', ts: 1_730_000_000_999, tradeId: 'nul\u0000byte' })),
        valid(2),
      ]);
      await s.countReaches(`SELECT count(*)::int AS n FROM ticks WHERE base = 'MIX'`, 3);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const deadline = Date.now() + 30_000;
      while (dlq.records.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const reasons = dlq.records.map((r) => [
        r.headers[DlqHeaders.reasonCode],
        r.headers[DlqHeaders.sourceTopic],
      ]);
      expect(reasons.sort()).toEqual([
        ['database_rejected', s.topics.ticks],
        ['invalid_json', s.topics.ticks],
        ['invalid_message', s.topics.ticks],
      ]);
      for (const record of dlq.records) {
        expect(record.headers[DlqHeaders.reason]?.length).toBeGreaterThan(0);
        expect(record.headers[DlqHeaders.sourcePartition]).toMatch(/^\d+$/);
        expect(record.headers[DlqHeaders.sourceOffset]).toMatch(/^\d+$/);
        expect(record.headers[DlqHeaders.app]).toBe('fixed-sink');
      }
      expect(dlq.records.find((r) => r.headers[DlqHeaders.reasonCode] === 'invalid_json')?.value).toBe(
        'not json',
      );
      expect(await s.count(`SELECT count(*)::int AS n FROM ticks WHERE base = 'MIX'`)).toBe(3);
    } finally {
      await dlq.stop();
    }
  }, 60_000);

  it('answers health, readiness and metrics', async () => {
    const base = `http://127.0.0.1:${app.port()}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: { ok: true }, kafka: { ok: true } } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/fixed_sink_rows_written_total\{table="ticks",service="fixed-sink"\} [1-9]/);
    expect(metrics).toMatch(
      /fixed_sink_dlq_messages_total\{reason_code="invalid_json",service="fixed-sink"\} 1/,
    );
    expect(metrics).toContain('fixed_sink_batch_latency_seconds_bucket');
    expect(metrics).toContain('fixed_sink_consumer_lag{');
  }, 30_000);
});
