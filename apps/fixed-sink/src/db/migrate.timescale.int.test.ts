import { rangesOf } from '../batches/buffer';
import { mapBatch } from '../batches/rows';
import { candle, candleMessage, source, tick, tickMessage } from '../testing/fixtures';
import { createTimescalePglite } from '../testing/pglite-database';
import { migrate } from './migrate';
import { readOffsets } from './sink-offsets';
import type { SqlDatabase } from './sql';
import { writeBatch } from './write-batch';

const DAY_MS = 86_400_000;
const settings = {
  ticksChunkMs: DAY_MS,
  candlesChunkMs: 7 * DAY_MS,
  compressAfterMs: 7 * DAY_MS,
  ticksRetentionMs: 90 * DAY_MS,
};

type Job = { proc_name: string; hypertable_name: string; config: Record<string, unknown> };

const jobs = async (db: SqlDatabase) =>
  (
    await db.query(
      `SELECT proc_name, hypertable_name, config FROM timescaledb_information.jobs
       WHERE hypertable_name IS NOT NULL ORDER BY proc_name, hypertable_name`,
    )
  ).rows as unknown as Job[];

// TimescaleDB's own SQL, run in-process by PGlite's TimescaleDB build (WASM): no server needed.
describe('migrations on TimescaleDB (PGlite)', () => {
  let db: SqlDatabase & { close(): Promise<void> };
  beforeAll(async () => {
    db = await createTimescalePglite();
  }, 60_000);
  afterAll(() => db?.close());

  it('creates hypertables, compression, retention and continuous aggregates', async () => {
    const report = await migrate(db, settings);
    expect(report.timescale).toEqual({ enabled: true, version: expect.stringMatching(/^2\./) });
    expect(report.variant).toBe('timescaledb');
    expect(report.applied.map((m) => m.version)).toEqual([1, 2, 3]);

    const hypertables = await db.query(
      `SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables
       WHERE hypertable_name IN ('ticks', 'candles_1m') ORDER BY 1`,
    );
    expect(hypertables.rows).toEqual([
      { hypertable_name: 'candles_1m', compression_enabled: true },
      { hypertable_name: 'ticks', compression_enabled: true },
    ]);

    const chunks = await db.query(
      `SELECT hypertable_name, column_name, time_interval::text AS time_interval
       FROM timescaledb_information.dimensions WHERE hypertable_name IN ('ticks', 'candles_1m') ORDER BY 1`,
    );
    expect(chunks.rows).toEqual([
      { hypertable_name: 'candles_1m', column_name: 'start', time_interval: '7 days' },
      { hypertable_name: 'ticks', column_name: 'ts', time_interval: '1 day' },
    ]);

    const segments = await db.query(
      `SELECT hypertable_name, string_agg(attname, ',' ORDER BY segmentby_column_index) AS segmentby
       FROM timescaledb_information.compression_settings WHERE segmentby_column_index IS NOT NULL
       GROUP BY 1 ORDER BY 1`,
    );
    expect(segments.rows).toEqual([
      { hypertable_name: 'candles_1m', segmentby: 'market,base,quote' },
      { hypertable_name: 'ticks', segmentby: 'market,base,quote' },
    ]);

    const aggregates = await db.query(
      `SELECT view_name, materialized_only FROM timescaledb_information.continuous_aggregates ORDER BY 1`,
    );
    expect(aggregates.rows).toEqual([
      { view_name: 'candles_1d', materialized_only: false },
      { view_name: 'candles_1h', materialized_only: false },
    ]);

    const scheduled = await jobs(db);
    const summary = scheduled.map((j) => `${j.proc_name}:${j.hypertable_name}`);
    expect(summary).toEqual([
      'policy_compression:candles_1m',
      'policy_compression:ticks',
      expect.stringMatching(/^policy_refresh_continuous_aggregate:/),
      expect.stringMatching(/^policy_refresh_continuous_aggregate:/),
      'policy_retention:ticks',
    ]);
    expect(scheduled.find((j) => j.proc_name === 'policy_retention')?.config.drop_after).toBe('90 days');
    expect(scheduled.find((j) => j.proc_name === 'policy_compression')?.config.compress_after).toBe('7 days');

    const ledger = await db.query('SELECT version, variant FROM schema_migrations ORDER BY version');
    expect(ledger.rows).toEqual([
      { version: 1, variant: 'timescaledb' },
      { version: 2, variant: 'timescaledb' },
      { version: 3, variant: 'timescaledb' },
    ]);
  });

  it('applies nothing twice, and follows changed policy settings on the next start', async () => {
    const report = await migrate(db, { ...settings, compressAfterMs: 2 * DAY_MS, ticksRetentionMs: 0 });
    expect(report.applied).toEqual([]);
    expect(report.version).toBe(3);
    const scheduled = await jobs(db);
    expect(scheduled.filter((j) => j.proc_name === 'policy_retention')).toEqual([]);
    const compression = scheduled.filter((j) => j.proc_name === 'policy_compression');
    expect(compression.map((j) => j.config.compress_after)).toEqual(['2 days', '2 days']);
  });

  it("takes the sink's batch writes into the hypertables and rolls candles up by hour and day", async () => {
    const topics = { ticks: 't', candles1m: 'c' };
    const hour = 1_700_000_000_000 - (1_700_000_000_000 % 3_600_000);
    const minute = (i: number, close: number) =>
      source(
        'c',
        i,
        candleMessage(candle({ start: hour + i * 60_000, open: 100 + i, close, high: 200, low: 50 })),
      );
    const batch = mapBatch(
      [
        source('t', 0, tickMessage(tick())),
        source('t', 1, tickMessage(tick())),
        minute(0, 101),
        minute(1, 102),
        minute(2, 103),
        minute(2, 104),
      ],
      topics,
    );
    const result = await writeBatch(db, batch);
    expect(result).toMatchObject({ ticksInserted: 1, candlesUpserted: 3, rejected: [] });
    const hourly = await db.query('SELECT start, open, close, high, low, minutes FROM candles_1h');
    expect(hourly.rows).toEqual([
      { start: new Date(hour), open: 100, close: 104, high: 200, low: 50, minutes: 3 },
    ]);
    const daily = await db.query('SELECT close, minutes FROM candles_1d');
    expect(daily.rows).toEqual([{ close: 104, minutes: 3 }]);
  });

  it('takes a batch by COPY with its offsets into the ticks hypertable, and falls back on a duplicate', async () => {
    const topics = { ticks: 't', candles1m: 'c' };
    const messages = Array.from({ length: 20 }, (_, i) =>
      source('t', 10 + i, tickMessage(tick({ ts: 1_700_000_100_000 + i * 3_600_000, tradeId: `h${i}` }))),
    );
    const offsets = { groupId: 'g', ranges: rangesOf(messages) };
    const copied = await writeBatch(db, mapBatch(messages, topics), undefined, offsets);
    expect(copied).toMatchObject({ path: 'copy', offsetsStored: true, ticksInserted: 20 });
    const again = [
      ...messages.slice(15),
      source('t', 30, tickMessage(tick({ ts: 1_700_200_000_000, tradeId: 'x' }))),
    ];
    const replayed = await writeBatch(db, mapBatch(again, topics), undefined, {
      groupId: 'g',
      ranges: rangesOf(again),
    });
    expect(replayed).toMatchObject({ path: 'insert', ticksInserted: 1 });
    const rows = await db.query(
      `SELECT count(*)::int AS n FROM ticks WHERE trade_id LIKE 'h%' OR trade_id = 'x'`,
    );
    expect(rows.rows).toEqual([{ n: 21 }]);
    const chunks = await db.query(
      `SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'ticks'`,
    );
    expect(Number(chunks.rows[0]?.n)).toBeGreaterThan(1);
    expect(await readOffsets(db, 'g', ['t'])).toEqual([{ topic: 't', partition: 0, offset: '30' }]);
  });
});
