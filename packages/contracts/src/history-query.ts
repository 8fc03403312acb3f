import { z } from 'zod';
import { MAX_SPEC_SYMBOLS } from './dynamic-spec';
import { AGGREGATE_MARKET, MarketSchema, SymbolSchema } from './symbols';

/**
 * The gateway's history queries (`GET /v1/history/...`), as the query string gives them: every value
 * is text. The gateway validates with these and its API document is generated from them.
 */

export const CANDLE_INTERVALS = ['1m', '5m', '15m', '1h', '1d'] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

const instant = z.union([
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'an epoch in ms or an ISO 8601 time')
    .transform((s) => Date.parse(s))
    .refine((n) => Number.isFinite(n), 'not a valid time'),
]);

const common = {
  market: MarketSchema.default(AGGREGATE_MARKET).describe('the market, CCCAGG (the aggregate) by default'),
  quote: SymbolSchema,
  from: instant.optional().describe('epoch ms or ISO 8601; from 2000-01-01 by default'),
  to: instant.optional().describe('epoch ms or ISO 8601, exclusive; up to one day from now by default'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z
    .string()
    .regex(/^\d{1,7}$/, 'a positive integer')
    .transform(Number)
    .optional()
    .describe('rows per page (500 by default, at most HISTORY_MAX_PAGE_ROWS)'),
  cursor: z.string().max(200).optional().describe('the nextCursor of the previous page'),
  format: z.enum(['json', 'csv']).optional().describe('csv, or Accept: text/csv; JSON otherwise'),
};

const symbols = (max: number) =>
  z
    .string()
    .max(16 * MAX_SPEC_SYMBOLS)
    .transform((s) => s.split(','))
    .pipe(z.array(SymbolSchema).min(1).max(max))
    .transform((list) => [...new Set(list)].sort())
    .describe(`base symbols, comma-separated (at most ${max})`);

export const CandleQuerySchema = z
  .object({ ...common, symbols: symbols(MAX_SPEC_SYMBOLS), interval: z.enum(CANDLE_INTERVALS) })
  .strict();
export const TickQuerySchema = z.object({ ...common, symbols: symbols(1) }).strict();
export const LatestQuerySchema = z
  .object({ market: common.market, quote: common.quote, symbols: symbols(MAX_SPEC_SYMBOLS) })
  .strict();
