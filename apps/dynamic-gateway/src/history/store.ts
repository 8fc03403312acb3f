import { badRequest } from '../http/api-error';
import type { HistoryDb } from './db';
import { decodeCursor, encodeCursor } from './page-cursor';
import { candlePageSql, INTERVAL_MS, knownBasesSql, LATEST_TICKS_SQL, tickPageSql } from './queries';
import type { CandleQuery, LatestQuery, TickQuery } from './request';

export type Candle = {
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
  trades: number | null;
};

export type Tick = Record<string, string | number | null> & { ts: number; tradeId: string; price: number };

export type PageOf<T> = { rows: T[]; nextCursor: string | null };

const ceilTo = (ms: number, width: number) => Math.ceil(ms / width) * width;
const iso = (ms: number) => new Date(ms).toISOString();
const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Number(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const TICK_FIELDS: ReadonlyArray<[string, string]> = [
  ['last_volume', 'lastVolume'],
  ['last_volume_to', 'lastVolumeTo'],
  ['volume_day', 'volumeDay'],
  ['volume_day_to', 'volumeDayTo'],
  ['volume_24h', 'volume24h'],
  ['volume_24h_to', 'volume24hTo'],
  ['open_day', 'openDay'],
  ['high_day', 'highDay'],
  ['low_day', 'lowDay'],
  ['open_24h', 'open24h'],
  ['high_24h', 'high24h'],
  ['low_24h', 'low24h'],
  ['bid', 'bid'],
  ['ask', 'ask'],
  ['median', 'median'],
  ['flags', 'flags'],
];

export function toTick(market: string, base: string, quote: string, r: Record<string, unknown>): Tick {
  const tick: Tick = {
    market,
    base,
    quote,
    ts: ms(r.ts),
    tradeId: String(r.trade_id),
    price: Number(r.price),
  };
  for (const [column, field] of TICK_FIELDS) tick[field] = num(r[column]);
  tick.origin = String(r.origin);
  return tick;
}

export function toCandle(market: string, quote: string, r: Record<string, unknown>): Candle {
  return {
    market,
    base: String(r.base),
    quote,
    start: ms(r.start),
    open: Number(r.open),
    high: Number(r.high),
    low: Number(r.low),
    close: Number(r.close),
    volumeFrom: Number(r.volume_from),
    volumeTo: Number(r.volume_to),
    trades: num(r.trades),
  };
}

/** Reads pages of candles and ticks; all SQL comes from `queries.ts`. */
export function createHistoryStore(db: HistoryDb) {
  /** An empty answer for pairs never stored is a mistake of the caller: 400 unknown_pair. */
  const refuseUnknown = async (table: 'ticks' | 'candles_1m', q: LatestQuery) => {
    const known = new Set(
      (await db.query(knownBasesSql(table), [q.market, q.bases, q.quote])).map((r) => r.base),
    );
    const unknown = q.bases.filter((b) => !known.has(b));
    if (unknown.length > 0)
      throw badRequest(
        'unknown_pair',
        `no ${table === 'ticks' ? 'ticks' : 'candles'} stored for ${unknown.length} of the pairs`,
      );
  };

  return {
    async candles(q: CandleQuery): Promise<PageOf<Candle>> {
      const width = INTERVAL_MS[q.interval];
      const cursor = decodeCursor(q.cursor, `candles.${q.interval}`, q.order);
      // A candle is in the range when its start is in [from, to); starts are multiples of the width.
      const from = ceilTo(q.from, width);
      const to = ceilTo(q.to, width);
      let [loAfter, loOther, hiBefore, hiOther] = [from, from, to, to];
      if (cursor && q.order === 'asc')
        [loAfter, loOther] = [Math.max(from, cursor.at), Math.max(from, cursor.at + width)];
      if (cursor && q.order === 'desc')
        [hiBefore, hiOther] = [Math.min(to, cursor.at + width), Math.min(to, cursor.at)];
      const rows = await db.query(candlePageSql(q.interval, q.order), [
        q.market,
        q.bases,
        q.quote,
        iso(loAfter),
        iso(loOther),
        iso(hiBefore),
        iso(hiOther),
        cursor?.key ?? '',
        q.limit,
      ]);
      if (rows.length === 0 && !cursor) await refuseUnknown('candles_1m', q);
      const candles = rows.map((r) => toCandle(q.market, q.quote, r));
      const last = candles.at(-1);
      const nextCursor =
        last && candles.length === q.limit
          ? encodeCursor(`candles.${q.interval}`, q.order, { at: last.start, key: last.base })
          : null;
      return { rows: candles, nextCursor };
    },

    async ticks(q: TickQuery): Promise<PageOf<Tick>> {
      const cursor = decodeCursor(q.cursor, 'ticks', q.order);
      const base = q.bases[0] as string;
      const rows = await db.query(tickPageSql(q.order), [
        q.market,
        base,
        q.quote,
        iso(q.from),
        iso(q.to),
        cursor ? iso(cursor.at) : null,
        cursor?.key ?? '',
        q.limit,
      ]);
      if (rows.length === 0 && !cursor) await refuseUnknown('ticks', q);
      const ticks = rows.map((r) => toTick(q.market, base, q.quote, r));
      const last = ticks.at(-1);
      const nextCursor =
        last && ticks.length === q.limit
          ? encodeCursor('ticks', q.order, { at: last.ts, key: last.tradeId })
          : null;
      return { rows: ticks, nextCursor };
    },

    async latestTicks(q: LatestQuery): Promise<Tick[]> {
      const rows = await db.query(LATEST_TICKS_SQL, [q.market, q.bases, q.quote]);
      if (rows.length < q.bases.length) await refuseUnknown('ticks', q);
      return rows.map((r) => toTick(q.market, String(r.base), q.quote, r));
    },
  };
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
