/**
 * Every SQL statement the gateway runs, in one place. It reads only what the fixed-sink's migrations
 * define: `ticks` (market, base, quote, ts, trade_id, price, ...), `candles_1m` (market, base, quote,
 * start, open, high, low, close, volume_from, volume_to, trades) and the roll-ups `candles_1h` /
 * `candles_1d` (the same columns plus `minutes`): continuous aggregates on TimescaleDB, views on plain
 * PostgreSQL. Nothing from the client is spliced into the text: intervals come from a fixed table,
 * values are parameters.
 */

import type { CandleInterval } from '@mdp/contracts/history-query';

export { CANDLE_INTERVALS, type CandleInterval } from '@mdp/contracts/history-query';

export const INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

type Source = { relation: string; bucketed: string | undefined };

/** Where each interval comes from: a stored relation, or minute candles grouped on read (`date_bin`). */
const SOURCES: Readonly<Record<CandleInterval, Source>> = {
  '1m': { relation: 'candles_1m', bucketed: undefined },
  '5m': { relation: 'candles_1m', bucketed: '5 minutes' },
  '15m': { relation: 'candles_1m', bucketed: '15 minutes' },
  '1h': { relation: 'candles_1h', bucketed: undefined },
  '1d': { relation: 'candles_1d', bucketed: undefined },
};

const CANDLE_OUT = `start, open, high, low, close, volume_from, volume_to, trades`;

/**
 * One page of candles for several pairs of one market and quote: per pair (LATERAL) an index range
 * scan bounded by LIMIT, then the pairs merged by (start, base). Parameters:
 * $1 market, $2 bases text[], $3 quote, $4 lower bound (bases after the cursor's), $5 lower bound
 * (other bases), $6 upper bound (bases before the cursor's), $7 upper bound (others), $8 cursor base
 * ('' without cursor), $9 limit. Bounds are on the stored minute/hour/day start: [lower, upper).
 */
export function candlePageSql(interval: CandleInterval, order: 'asc' | 'desc'): string {
  const { relation, bucketed } = SOURCES[interval];
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  // Asc pages continue after (start, base); desc pages before it. The base test picks the bound.
  const after = order === 'asc' ? 'b.base > $8' : 'b.base < $8';
  const where = `market = $1 AND base = b.base AND quote = $3
      AND start >= CASE WHEN ${after} THEN $4::timestamptz ELSE $5::timestamptz END
      AND start <  CASE WHEN ${after} THEN $6::timestamptz ELSE $7::timestamptz END`;
  const perPair = bucketed
    ? `SELECT date_bin(INTERVAL '${bucketed}', start, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS start,
         (array_agg(open ORDER BY start ASC))[1] AS open, max(high) AS high, min(low) AS low,
         (array_agg(close ORDER BY start DESC))[1] AS close, sum(volume_from) AS volume_from,
         sum(volume_to) AS volume_to, sum(trades) AS trades
       FROM candles_1m WHERE ${where}
       GROUP BY 1 ORDER BY 1 ${dir} LIMIT $9`
    : `SELECT ${CANDLE_OUT} FROM ${relation} WHERE ${where} ORDER BY start ${dir} LIMIT $9`;
  return `SELECT b.base, c.${CANDLE_OUT.split(', ').join(', c.')}
FROM unnest($2::text[]) AS b(base)
CROSS JOIN LATERAL (${perPair}) AS c
ORDER BY c.start ${dir}, b.base ${dir}
LIMIT $9`;
}

const TICK_OUT = `ts, trade_id, price, last_volume, last_volume_to, volume_day, volume_day_to, volume_24h,
  volume_24h_to, open_day, high_day, low_day, open_24h, high_24h, low_24h, bid, ask, median, flags, origin`;

/**
 * One page of one pair's ticks in [from, to), continuing after/before (ts, trade_id) of a cursor.
 * $1 market, $2 base, $3 quote, $4 from, $5 to, $6 cursor ts (null: none), $7 cursor trade id, $8 limit.
 */
export function tickPageSql(order: 'asc' | 'desc'): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const cmp = order === 'asc' ? '>' : '<';
  return `SELECT ${TICK_OUT} FROM ticks
WHERE market = $1 AND base = $2 AND quote = $3 AND ts >= $4::timestamptz AND ts < $5::timestamptz
  AND ($6::timestamptz IS NULL OR (ts, trade_id) ${cmp} ($6::timestamptz, $7::text))
ORDER BY ts ${dir}, trade_id ${dir}
LIMIT $8`;
}

/** The latest tick of each pair: $1 market, $2 bases text[], $3 quote. */
export const LATEST_TICKS_SQL = `SELECT b.base, t.${TICK_OUT.split(/,\s*/).join(', t.')}
FROM unnest($2::text[]) AS b(base)
CROSS JOIN LATERAL (
  SELECT ${TICK_OUT} FROM ticks WHERE market = $1 AND base = b.base AND quote = $3
  ORDER BY ts DESC, trade_id DESC LIMIT 1
) AS t
ORDER BY b.base`;

/** Which of the pairs have at least one row (for "unknown pair" refusals of empty answers). */
export function knownBasesSql(table: 'ticks' | 'candles_1m'): string {
  return `SELECT b.base FROM unnest($2::text[]) AS b(base)
WHERE EXISTS (SELECT 1 FROM ${table} WHERE market = $1 AND base = b.base AND quote = $3)`;
}

export const PING_SQL = 'SELECT 1';

/** A stream's snapshot: the last $4 minute candles of each pair with start < $5 (the seam), oldest first. */
export const SNAPSHOT_CANDLES_SQL = `SELECT b.base, c.${CANDLE_OUT.split(', ').join(', c.')}
FROM unnest($2::text[]) AS b(base)
CROSS JOIN LATERAL (
  SELECT ${CANDLE_OUT} FROM candles_1m
  WHERE market = $1 AND base = b.base AND quote = $3 AND start < $5::timestamptz
  ORDER BY start DESC LIMIT $4
) AS c
ORDER BY c.start ASC, b.base ASC`;

/** A stream's snapshot of ticks: the latest tick of each pair with ts < $4 (the seam). */
export const SNAPSHOT_TICKS_SQL = `SELECT b.base, t.${TICK_OUT.split(/,\s*/).join(', t.')}
FROM unnest($2::text[]) AS b(base)
CROSS JOIN LATERAL (
  SELECT ${TICK_OUT} FROM ticks WHERE market = $1 AND base = b.base AND quote = $3 AND ts < $4::timestamptz
  ORDER BY ts DESC, trade_id DESC LIMIT 1
) AS t
ORDER BY b.base`;

/** A resume older than the topic: the ticks of all pairs with $4 <= ts < $5, oldest first, at most $6. */
export const RESUME_TICKS_SQL = `SELECT b.base, t.${TICK_OUT.split(/,\s*/).join(', t.')}
FROM unnest($2::text[]) AS b(base)
CROSS JOIN LATERAL (
  SELECT ${TICK_OUT} FROM ticks
  WHERE market = $1 AND base = b.base AND quote = $3 AND ts >= $4::timestamptz AND ts < $5::timestamptz
  ORDER BY ts ASC, trade_id ASC LIMIT $6
) AS t
ORDER BY t.ts ASC, b.base ASC, t.trade_id ASC
LIMIT $6`;

/** A resume older than the topic: the minute candles of all pairs with $4 <= start < $5, oldest first, at most $6. */
export const RESUME_CANDLES_SQL = `SELECT b.base, c.${CANDLE_OUT.split(', ').join(', c.')}
FROM unnest($2::text[]) AS b(base)
CROSS JOIN LATERAL (
  SELECT ${CANDLE_OUT} FROM candles_1m
  WHERE market = $1 AND base = b.base AND quote = $3 AND start >= $4::timestamptz AND start < $5::timestamptz
  ORDER BY start ASC LIMIT $6
) AS c
ORDER BY c.start ASC, b.base ASC
LIMIT $6`;
