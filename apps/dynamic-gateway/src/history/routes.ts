import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@mdp/runtime/http-json';
import { createRateLimiter } from './rate-limit';
import { parseCandleQuery, parseLatestQuery, parseTickQuery } from './request';
import type { HistoryStore, PageOf } from './store';

export type HistoryRouteDeps = {
  store: HistoryStore;
  maxPageRows: number;
  ratePerSecond: number;
  now?: () => number;
};

type Ctx = { req: IncomingMessage; res: ServerResponse; appId: string; url: URL };
export type HistoryRoute = { method: string; pattern: RegExp; run(ctx: Ctx): Promise<void> };

const CANDLE_COLUMNS = [
  'market',
  'base',
  'quote',
  'start',
  'open',
  'high',
  'low',
  'close',
  'volumeFrom',
  'volumeTo',
  'trades',
];
const TICK_COLUMNS = [
  'market',
  'base',
  'quote',
  'ts',
  'tradeId',
  'price',
  'lastVolume',
  'lastVolumeTo',
  'volumeDay',
  'volumeDayTo',
  'volume24h',
  'volume24hTo',
  'openDay',
  'highDay',
  'lowDay',
  'open24h',
  'high24h',
  'low24h',
  'bid',
  'ask',
  'median',
  'flags',
  'origin',
];

/** CSV (RFC 4180): a cell with a comma, quote or line break is quoted; null is empty. */
function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `Accept: text/csv` (or `format=csv`) gets CSV with the next cursor in a header; JSON otherwise. */
function wantsCsv(req: IncomingMessage, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return /\btext\/csv\b/i.test(req.headers.accept ?? '');
}

function sendPage(
  res: ServerResponse,
  csv: boolean,
  columns: readonly string[],
  page: PageOf<Record<string, unknown>>,
): void {
  if (!csv) {
    sendJson(res, 200, { data: page.rows, nextCursor: page.nextCursor });
    return;
  }
  const lines = [columns.join(',')];
  for (const row of page.rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  const text = `${lines.join('\r\n')}\r\n`;
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...(page.nextCursor ? { 'x-next-cursor': page.nextCursor } : {}),
  });
  res.end(text);
}

/** GET /v1/history/{candles,ticks,ticks/latest}: mounted by api-routes next to the live API. */
export function createHistoryRoutes(deps: HistoryRouteDeps): HistoryRoute[] {
  const limiter = createRateLimiter(deps.ratePerSecond);
  const now = deps.now ?? Date.now;
  return [
    {
      method: 'GET',
      pattern: /^\/v1\/history\/candles$/,
      run: async ({ req, res, appId, url }) => {
        limiter.take(appId);
        const q = parseCandleQuery(url.searchParams, deps.maxPageRows, now());
        sendPage(res, wantsCsv(req, q.format), CANDLE_COLUMNS, await deps.store.candles(q));
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/history\/ticks$/,
      run: async ({ req, res, appId, url }) => {
        limiter.take(appId);
        const q = parseTickQuery(url.searchParams, deps.maxPageRows, now());
        sendPage(res, wantsCsv(req, q.format), TICK_COLUMNS, await deps.store.ticks(q));
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/history\/ticks\/latest$/,
      run: async ({ req, res, appId, url }) => {
        limiter.take(appId);
        const rows = await deps.store.latestTicks(parseLatestQuery(url.searchParams));
        sendPage(res, wantsCsv(req, undefined), TICK_COLUMNS, { rows, nextCursor: null });
      },
    },
  ];
}
