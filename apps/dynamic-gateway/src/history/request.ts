import { toFieldIssues } from '@mdp/contracts/dynamic-spec';
import {
  type CandleInterval,
  CandleQuerySchema,
  LatestQuerySchema,
  TickQuerySchema,
} from '@mdp/contracts/history-query';
import type { z } from 'zod';
import { ApiError, badRequest } from '../http/api-error';

/** Nothing is stored before this; a range reaching further back is a mistake, not a query. */
export const EARLIEST_MS = Date.UTC(2000, 0, 1);
/** How far ahead of now `to` may be (clock skew, "until now" rounded up). */
const FUTURE_SLACK_MS = 86_400_000;

export type Range = { market: string; quote: string; bases: string[]; from: number; to: number };
export type Page = { order: 'asc' | 'desc'; limit: number; cursor: string | undefined };
export type CandleQuery = Range & Page & { interval: CandleInterval; format: 'json' | 'csv' | undefined };
export type TickQuery = Range & Page & { format: 'json' | 'csv' | undefined };
export type LatestQuery = { market: string; quote: string; bases: string[] };

function parse<T>(schema: z.ZodType<T>, params: URLSearchParams): T {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in raw) throw badRequest('invalid_query', `parameter ${key.slice(0, 40)} is repeated`);
    raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw badRequest('invalid_query', 'invalid history query', toFieldIssues(parsed.error));
  return parsed.data;
}

/** from/to defaults (everything up to now) and the sanity checks of a range. */
function range(from: number | undefined, to: number | undefined, now: number): { from: number; to: number } {
  const r = { from: from ?? EARLIEST_MS, to: to ?? now + FUTURE_SLACK_MS };
  if (r.from < EARLIEST_MS || r.to > now + FUTURE_SLACK_MS)
    throw badRequest('invalid_range', 'from/to must lie between 2000-01-01 and one day from now');
  if (r.from >= r.to) throw badRequest('invalid_range', 'from must be before to');
  return r;
}

function page(
  p: { order: 'asc' | 'desc'; limit?: number | undefined; cursor?: string | undefined },
  maxRows: number,
) {
  const limit = p.limit ?? Math.min(500, maxRows);
  if (limit < 1 || limit > maxRows)
    throw new ApiError(400, 'invalid_limit', `limit must be between 1 and ${maxRows}`);
  return { order: p.order, limit, cursor: p.cursor };
}

export function parseCandleQuery(params: URLSearchParams, maxRows: number, now: number): CandleQuery {
  const q = parse(CandleQuerySchema, params);
  return {
    market: q.market,
    quote: q.quote,
    bases: q.symbols,
    interval: q.interval,
    format: q.format,
    ...range(q.from, q.to, now),
    ...page(q, maxRows),
  };
}

export function parseTickQuery(params: URLSearchParams, maxRows: number, now: number): TickQuery {
  const q = parse(TickQuerySchema, params);
  return {
    market: q.market,
    quote: q.quote,
    bases: q.symbols,
    format: q.format,
    ...range(q.from, q.to, now),
    ...page(q, maxRows),
  };
}

export function parseLatestQuery(params: URLSearchParams): LatestQuery {
  const q = parse(LatestQuerySchema, params);
  return { market: q.market, quote: q.quote, bases: q.symbols };
}
