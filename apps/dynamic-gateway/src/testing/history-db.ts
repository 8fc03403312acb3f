import { migrate } from '@mdp/fixed-sink/db/migrate';
import { scratchDatabase } from '@mdp/fixed-sink/testing/database';
import postgres from 'postgres';

const DAY_MS = 86_400_000;
const settings = {
  ticksChunkMs: DAY_MS,
  candlesChunkMs: 7 * DAY_MS,
  compressAfterMs: 7 * DAY_MS,
  ticksRetentionMs: 0,
};

/**
 * A scratch database with the fixed-sink's own schema (its migrations) and a login role that may only
 * read, as an operator would give the gateway. `sql` is the owner's connection (to seed rows).
 */
export async function historyDatabase(prefix: string) {
  const scratch = await scratchDatabase(prefix);
  const db = scratch.connect();
  await migrate(db, settings);
  await db.close();
  const sql = postgres(scratch.url, { max: 2, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  const role = `${scratch.name}_reader`;
  await sql.unsafe(`CREATE ROLE ${role} LOGIN`);
  await sql.unsafe(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
  const readerUrl = new URL(scratch.url);
  readerUrl.username = role;
  return {
    sql,
    url: scratch.url,
    readerUrl: readerUrl.toString(),
    async drop() {
      await sql.end({ timeout: 2 });
      await scratch.drop();
      const admin = postgres(scratch.serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end({ timeout: 2 }));
    },
  };
}

export type HistoryDatabase = Awaited<ReturnType<typeof historyDatabase>>;

/** Minute candles of one pair: close = i, open = i - 0.5, high = i + 1, low = i - 1, volumes 1/10. */
export async function seedCandles(
  sql: postgres.Sql,
  base: string,
  startMs: number,
  minutes: number,
  quote = 'USD',
) {
  await sql.unsafe(
    `INSERT INTO candles_1m (market, base, quote, start, open, high, low, close, volume_from, volume_to, trades,
       origin, message_id, revised_at)
     SELECT 'CCCAGG', $1, $2, to_timestamp(($3::bigint + i * 60000) / 1000.0), i - 0.5, i + 1, i - 1, i, 1, 10, 2,
       'test', 'm' || i, now()
     FROM generate_series(0, $4::int - 1) AS i`,
    [base, quote, startMs, minutes],
  );
}

/** Ticks of one pair, `perMs` trade ids sharing each millisecond (ties the cursor must keep apart). */
export async function seedTicks(sql: postgres.Sql, base: string, startMs: number, count: number, perMs = 1) {
  await sql.unsafe(
    `INSERT INTO ticks (market, base, quote, ts, trade_id, price, origin, message_id, produced_at)
     SELECT 'CCCAGG', $1, 'USD', to_timestamp(($2::bigint + (i / $4::int) * 1000) / 1000.0), 't' || lpad(i::text, 8, '0'),
       i, 'test', 'm' || i, now()
     FROM generate_series(0, $3::int - 1) AS i`,
    [base, startMs, count, perMs],
  );
}
