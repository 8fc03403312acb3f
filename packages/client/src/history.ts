import { type ClientContext, getJson, type Query } from './http.js';
import type { HistoryCandle, HistoryTick } from './types.js';

/** A time as epoch ms, an ISO 8601 string or a Date. */
export type TimeInput = number | string | Date;

type Pair = { quote: string; market?: string };
type Range = { from?: TimeInput; to?: TimeInput; order?: 'asc' | 'desc'; limit?: number; cursor?: string };

export type CandlesQuery = Pair &
  Range & { symbols: readonly string[]; interval: '1m' | '5m' | '15m' | '1h' | '1d' };
export type TicksQuery = Pair & Range & { symbol: string };
export type LatestQuery = Pair & { symbols: readonly string[] };

/** One page; pass `nextCursor` (with the same query) for the next, `null` on the last page. */
export type Page<T> = { data: T[]; nextCursor: string | null };

export type History = {
  candles(query: CandlesQuery, signal?: AbortSignal): Promise<Page<HistoryCandle>>;
  ticks(query: TicksQuery, signal?: AbortSignal): Promise<Page<HistoryTick>>;
  /** The latest stored tick of each pair. */
  latest(query: LatestQuery, signal?: AbortSignal): Promise<HistoryTick[]>;
  /** Every page of a query, one after the other, from its `cursor` (or the first). */
  pages<T>(read: (query: { cursor?: string }) => Promise<Page<T>>): AsyncIterable<T[]>;
};

const time = (t: TimeInput | undefined) => (t instanceof Date ? t.getTime() : t);

function range(q: Range): Query {
  return {
    from: time(q.from),
    to: time(q.to),
    order: q.order,
    limit: q.limit,
    cursor: q.cursor,
    format: 'json',
  };
}

/** The `/v1/history/*` routes (the gateway reads them from the platform's database). */
export function createHistory(ctx: ClientContext): History {
  return {
    candles: (q, signal) =>
      getJson(
        ctx,
        'v1/history/candles',
        { symbols: q.symbols.join(','), quote: q.quote, market: q.market, interval: q.interval, ...range(q) },
        signal,
      ),
    ticks: (q, signal) =>
      getJson(
        ctx,
        'v1/history/ticks',
        { symbols: q.symbol, quote: q.quote, market: q.market, ...range(q) },
        signal,
      ),
    latest: async (q, signal) => {
      const page = await getJson<Page<HistoryTick>>(
        ctx,
        'v1/history/ticks/latest',
        { symbols: q.symbols.join(','), quote: q.quote, market: q.market },
        signal,
      );
      return page.data;
    },
    pages: async function* <T>(read: (query: { cursor?: string }) => Promise<Page<T>>) {
      let cursor: string | undefined;
      do {
        const page = await read(cursor === undefined ? {} : { cursor });
        yield page.data;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
  };
}
