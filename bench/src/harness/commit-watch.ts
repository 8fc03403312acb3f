import type { BenchDatabase } from './database';

const CHANNEL = 'bench_ticks_committed';

/** `(extract(epoch from t) * 1e6)::bigint` as text: a transaction's start time, exact to the microsecond. */
const MICROS = (column: string) => `((extract(epoch from ${column}) * 1000000)::bigint)::text`;

export type CommitWatch = {
  /** When each write transaction into ticks committed, by its start time (its rows' ingested_at). */
  commitTimes: Map<string, number>;
  /** Per stored tick (`BASE-QUOTE|tradeId`): its commit time and its `produced-at`, epoch ms. */
  rowCommits(): Promise<{ committed: Map<string, number>; produced: Map<string, number> }>;
  stop(): Promise<void>;
};

/**
 * Measures when rows become visible. A statement trigger on the sink's ticks table sends a NOTIFY with
 * the transaction's start time (now(), which is also the rows' ingested_at); PostgreSQL delivers a
 * NOTIFY only when its transaction commits, so its arrival is the commit time. The cost to the sink is
 * one notification per insert statement (not per row).
 */
export async function watchCommits(db: BenchDatabase): Promise<CommitWatch> {
  await db.sql.unsafe(`
    CREATE OR REPLACE FUNCTION bench_notify_ticks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('${CHANNEL}', ${MICROS('now()')}); RETURN NULL; END $$`);
  await db.sql.unsafe(
    `CREATE TRIGGER bench_notify_ticks AFTER INSERT ON ticks FOR EACH STATEMENT EXECUTE FUNCTION bench_notify_ticks()`,
  );
  const commitTimes = new Map<string, number>();
  const listening = await db.sql.listen(CHANNEL, (payload) => {
    if (!commitTimes.has(payload)) commitTimes.set(payload, Date.now());
  });
  return {
    commitTimes,
    async rowCommits() {
      const rows = await db.sql.unsafe<{ key: string; tx: string; produced: string }[]>(
        `SELECT base || '-' || quote || '|' || trade_id AS key, ${MICROS('ingested_at')} AS tx,
                ((extract(epoch from produced_at) * 1000)::bigint)::text AS produced FROM ticks`,
      );
      const committed = new Map<string, number>();
      const produced = new Map<string, number>();
      for (const row of rows) {
        const at = commitTimes.get(row.tx);
        if (at !== undefined) committed.set(row.key, at);
        produced.set(row.key, Number(row.produced));
      }
      return { committed, produced };
    },
    stop: () => listening.unlisten(),
  };
}
