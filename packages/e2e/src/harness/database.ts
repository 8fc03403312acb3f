import { createDatabase, dropDatabase } from '@mdp/local-infra/postgres';
import postgres from 'postgres';

/** A tick row as the fixed-sink stored it, in the simulator's terms (ts in ms, trade id as text). */
export type StoredTick = {
  market: string;
  base: string;
  quote: string;
  ts: number;
  tradeId: string;
  price: number;
  /** rest (a polled sample) or stream (every update from the streamer subscription). */
  origin: string;
  /** When the fixed-sink wrote the row, epoch ms. */
  ingestedAt: number;
};
export type StoredCandle = {
  market: string;
  base: string;
  quote: string;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeFrom: number;
  volumeTo: number;
};

/** The database of one test file: created empty, the fixed-sink migrates it, dropped at the end. */
export type TestDatabase = {
  readonly url: string;
  ticks(): Promise<StoredTick[]>;
  candles(): Promise<StoredCandle[]>;
  /** Ticks stored more than once under their natural identity (pair + trade id). */
  duplicateTicks(): Promise<number>;
  tableExists(name: string): Promise<boolean>;
  drop(): Promise<void>;
};

export async function createTestDatabase(serverUrl: string, name: string): Promise<TestDatabase> {
  const url = await createDatabase(serverUrl, name);
  const sql = postgres(url, { max: 2, idle_timeout: 5, onnotice: () => {} });

  const tableExists = async (table: string) => {
    const rows = await sql`select to_regclass(${table}) is not null as present`;
    return rows[0]?.present === true;
  };

  return {
    url,
    tableExists,
    ticks: async () => {
      if (!(await tableExists('ticks'))) return [];
      const rows = await sql`
        select market, base, quote, (extract(epoch from ts) * 1000)::float8 as ts, trade_id, price, origin,
               (extract(epoch from ingested_at) * 1000)::float8 as ingested_at
        from ticks`;
      return rows.map((r) => ({
        market: String(r.market),
        base: String(r.base),
        quote: String(r.quote),
        ts: Math.round(Number(r.ts)),
        tradeId: String(r.trade_id),
        price: Number(r.price),
        origin: String(r.origin),
        ingestedAt: Math.round(Number(r.ingested_at)),
      }));
    },
    candles: async () => {
      if (!(await tableExists('candles_1m'))) return [];
      const rows = await sql`
        select market, base, quote, (extract(epoch from start) * 1000)::float8 as start,
               open, high, low, close, volume_from, volume_to
        from candles_1m order by start`;
      return rows.map((r) => ({
        market: String(r.market),
        base: String(r.base),
        quote: String(r.quote),
        start: Math.round(Number(r.start)),
        open: Number(r.open),
        high: Number(r.high),
        low: Number(r.low),
        close: Number(r.close),
        volumeFrom: Number(r.volume_from),
        volumeTo: Number(r.volume_to),
      }));
    },
    duplicateTicks: async () => {
      if (!(await tableExists('ticks'))) return 0;
      const rows = await sql`
        select coalesce(sum(n - 1), 0)::int as extra
        from (select count(*) as n from ticks group by market, base, quote, trade_id) counted`;
      return Number(rows[0]?.extra ?? 0);
    },
    drop: async () => {
      await sql.end({ timeout: 5 });
      await dropDatabase(serverUrl, name);
    },
  };
}
