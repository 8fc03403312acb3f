import { rangesOf } from '../batches/buffer';
import { type MappedBatch, mapBatch } from '../batches/rows';
import { scratchDatabase } from '../testing/database';
import { candle, candleMessage, source, tick, tickMessage } from '../testing/fixtures';
import { migrate } from './migrate';
import type { PostgresDatabase } from './postgres-database';
import { readOffsets } from './sink-offsets';
import { writeBatch } from './write-batch';

const DAY_MS = 86_400_000;
const settings = {
  ticksChunkMs: DAY_MS,
  candlesChunkMs: 7 * DAY_MS,
  compressAfterMs: 7 * DAY_MS,
  ticksRetentionMs: 90 * DAY_MS,
};
const topics = { ticks: 'market.ticks.v1', candles1m: 'market.candles.1m.v1' };

let offset = 0;
const ticks = (count: number, from = 0, overrides = {}) =>
  Array.from({ length: count }, (_, i) =>
    source(
      topics.ticks,
      offset++,
      tickMessage(tick({ ts: 1_700_000_000_000 + from + i, tradeId: `t${from + i}`, ...overrides })),
    ),
  );
const mapped = (...messages: ReturnType<typeof source>[]): MappedBatch => mapBatch(messages, topics);

// Plain PostgreSQL (the machine's server has no TimescaleDB): the fallback schema and every write path.
describe('schema and writes on PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: PostgresDatabase;

  beforeAll(async () => {
    scratch = await scratchDatabase('fixed_sink_pg');
    db = scratch.connect();
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('migrates once even when several replicas start together, and says TimescaleDB is missing', async () => {
    const replicas = [scratch.connect(1), scratch.connect(1), scratch.connect(1)];
    const reports = await Promise.all(replicas.map((replica) => migrate(replica, settings)));
    await Promise.all(replicas.map((replica) => replica.close()));
    expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 0, 3]);
    for (const report of reports) {
      expect(report.variant).toBe('postgresql');
      expect(report.version).toBe(3);
      expect(report.timescale).toEqual({ enabled: false, reason: expect.stringContaining('timescaledb') });
    }
    const ledger = await db.query('SELECT version, variant FROM schema_migrations ORDER BY version');
    expect(ledger.rows).toEqual([
      { version: 1, variant: 'postgresql' },
      { version: 2, variant: 'postgresql' },
      { version: 3, variant: 'postgresql' },
    ]);
    const indexes = await db.query(
      `SELECT indexname FROM pg_indexes WHERE tablename IN ('ticks', 'candles_1m') ORDER BY 1`,
    );
    expect(indexes.rows.map((r) => r.indexname)).toEqual([
      'candles_1m_pkey',
      'candles_1m_start_idx',
      'ticks_pkey',
      'ticks_ts_idx',
    ]);
  });

  it('writes N ticks as N rows with every field, and a replay changes nothing', async () => {
    const batch = mapped(
      ...ticks(500, 0),
      ...ticks(1, 10_000, { lastVolume: null, flags: null, tradeId: '' }),
    );
    const first = await writeBatch(db, batch);
    expect(first).toMatchObject({ ticksInserted: 501, candlesUpserted: 0, rejected: [], attempts: 1 });
    const again = await writeBatch(db, batch);
    expect(again.ticksInserted).toBe(0);
    const stored = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT message_id)::int AS ids,
              min(extract(epoch FROM ts) * 1000)::bigint::text AS first_ts FROM ticks`,
    );
    expect(stored.rows[0]).toEqual({ n: 501, ids: 501, first_ts: '1700000000000' });
    const odd = await db.query(
      `SELECT trade_id, last_volume, flags, price, origin FROM ticks WHERE trade_id = ''`,
    );
    expect(odd.rows).toEqual([
      { trade_id: '', last_volume: null, flags: null, price: 65_000.5, origin: 'stream' },
    ]);
  });

  it('treats ticks with the same pair, time and trade id as one update', async () => {
    const same = { ts: 1_800_000_000_000, tradeId: 'dup' };
    const result = await writeBatch(
      db,
      mapped(
        source(topics.ticks, offset++, tickMessage(tick({ ...same, price: 1 }))),
        source(topics.ticks, offset++, tickMessage(tick({ ...same, price: 1 }))),
        source(topics.ticks, offset++, tickMessage(tick({ ...same, price: 2 }))),
      ),
    );
    expect(result.ticksInserted).toBe(1);
  });

  it('keeps the latest candle revision, in one batch and across batches', async () => {
    const start = 1_700_000_100_000 - (1_700_000_100_000 % 60_000);
    const revision = (close: number, atMs: number) =>
      source(topics.candles1m, offset++, candleMessage(candle({ start, close, high: 200 }), new Date(atMs)));
    const inOneBatch = await writeBatch(
      db,
      mapped(revision(101, 1000), revision(102, 2000), revision(103, 3000)),
    );
    expect(inOneBatch.candlesUpserted).toBe(1);
    await writeBatch(db, mapped(revision(104, 4000)));
    // An older revision delivered late (another replica's stale batch) does not overwrite a newer one.
    const late = await writeBatch(db, mapped(revision(99, 2500)));
    expect(late.candlesUpserted).toBe(0);
    const stored = await db.query(
      'SELECT close, revised_at FROM candles_1m WHERE start = to_timestamp($1 / 1000.0)',
      [start],
    );
    expect(stored.rows).toEqual([{ close: 104, revised_at: new Date(4000) }]);
    const hourly = await db.query('SELECT open, close, minutes FROM candles_1h');
    expect(hourly.rows).toEqual([{ open: 100, close: 104, minutes: 1 }]);
  });

  it('isolates rows the database refuses and stores the rest of the batch', async () => {
    const good = ticks(40, 20_000);
    const bad = source(
      topics.ticks,
      offset++,
      tickMessage(tick({ ts: 1_700_000_030_000, tradeId: 'nul\u0000byte' })),
    );
    const result = await writeBatch(db, mapped(...good.slice(0, 13), bad, ...good.slice(13)));
    expect(result.ticksInserted).toBe(40);
    expect(result.rejected).toEqual([
      { source: bad, code: 'database_rejected', reason: expect.stringMatching(/^22021 /) },
    ]);
    expect(result.attempts).toBeGreaterThan(1);
  });

  describe('by COPY with the offsets', () => {
    const group = 'copy-test';
    const stored = async () =>
      (await readOffsets(db, group, [topics.ticks, topics.candles1m]))
        .map((o) => `${o.topic}:${o.partition}:${o.offset}`)
        .sort();
    const offsetsOf = (messages: ReturnType<typeof source>[]) => ({
      groupId: group,
      ranges: rangesOf(messages),
    });

    it('stores the ticks, candles and next offsets in one transaction', async () => {
      const messages = [
        ...ticks(300, 30_000),
        source(
          topics.candles1m,
          offset++,
          candleMessage(candle({ start: 1_700_100_000_000 - (1_700_100_000_000 % 60_000) })),
        ),
      ];
      const result = await writeBatch(db, mapped(...messages), undefined, offsetsOf(messages));
      expect(result).toMatchObject({
        path: 'copy',
        offsetsStored: true,
        ticksInserted: 300,
        candlesUpserted: 1,
      });
      const rows = await db.query(
        `SELECT count(*)::int AS n FROM ticks WHERE trade_id LIKE 't3____' AND ts >= to_timestamp(1700000030)`,
      );
      expect(rows.rows[0]).toEqual({ n: 300 });
      const last = messages.filter((m) => m.topic === topics.ticks).at(-1);
      expect(await stored()).toEqual([
        `${topics.candles1m}:0:${offset}`,
        `${topics.ticks}:0:${BigInt(last?.message.offset ?? 0) + 1n}`,
      ]);
    });

    it('stores text needing escapes exactly as the INSERT path does', async () => {
      const odd = 'tab\there\nnew\\line\r';
      const messages = ticks(1, 40_000, { tradeId: odd });
      const result = await writeBatch(db, mapped(...messages), undefined, offsetsOf(messages));
      expect(result.path).toBe('copy');
      const row = await db.query(`SELECT trade_id FROM ticks WHERE ts = to_timestamp(1700000040)`);
      expect(row.rows).toEqual([{ trade_id: odd }]);
    });

    it('stores every field exactly as the INSERT path does', async () => {
      const fields = {
        ts: 1_700_000_060_123,
        price: 0.1 + 0.2,
        lastVolume: null,
        lastVolumeTo: -1.5e-300,
        volumeDay: 1e21,
        bid: 5e-324,
        flags: 2 ** 53 - 1,
        origin: 'replay' as const,
      };
      const byCopy = ticks(1, 60_000, { ...fields, tradeId: 'é—😀' });
      expect((await writeBatch(db, mapped(...byCopy), undefined, offsetsOf(byCopy))).path).toBe('copy');
      const byInsert = ticks(1, 60_000, { ...fields, tradeId: 'by-insert' });
      expect((await writeBatch(db, mapped(...byInsert))).path).toBe('insert');
      const rows = await db.query(
        `SELECT trade_id, to_jsonb(t) - 'trade_id' - 'message_id' - 'ingested_at' AS fields
         FROM ticks t WHERE ts = to_timestamp(1700000060.123) ORDER BY trade_id`,
      );
      expect(rows.rows.map((r) => r.trade_id)).toEqual(['by-insert', 'é—😀']);
      expect(rows.rows[1]?.fields).toEqual(rows.rows[0]?.fields);
      expect(rows.rows[0]?.fields).toMatchObject({ flags: 2 ** 53 - 1, volume_day: 1e21, last_volume: null });
    });

    it('falls back to the idempotent INSERT for a replayed or republished tick, changing nothing twice', async () => {
      const first = ticks(50, 50_000);
      await writeBatch(db, mapped(...first), undefined, offsetsOf(first));
      const republished = [...ticks(10, 50_100), ...ticks(1, 50_000)]; // tick 50_000 again, new offset
      const result = await writeBatch(db, mapped(...republished), undefined, offsetsOf(republished));
      expect(result).toMatchObject({ path: 'insert', offsetsStored: false, ticksInserted: 10 });
      const inBatch = ticks(2, 50_200);
      const twice = [...inBatch, source(topics.ticks, offset++, inBatch[0]?.message.value ?? null)];
      expect(await writeBatch(db, mapped(...twice), undefined, offsetsOf(twice))).toMatchObject({
        path: 'insert',
        ticksInserted: 2,
      });
      const rows = await db.query(
        `SELECT count(*)::int AS n FROM ticks WHERE ts >= to_timestamp(1700000050) AND ts < to_timestamp(1700000051)`,
      );
      expect(rows.rows[0]).toEqual({ n: 62 });
    });
  });
});
