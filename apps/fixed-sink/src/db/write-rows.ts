import type { CandleRow, SinkRow, TickRow } from '../batches/rows';
import { CANDLE_COLUMNS, columnArrays, insertFromArrays, TICK_COLUMNS } from './columns';
import type { SqlSession } from './sql';

/** A replayed tick changes nothing. */
const INSERT_TICKS = insertFromArrays('ticks', TICK_COLUMNS, 'ON CONFLICT DO NOTHING RETURNING 1');

/** A newer revision of a minute replaces the stored one; an older one (replayed late) does not. */
const UPSERT_CANDLES = insertFromArrays(
  'candles_1m',
  CANDLE_COLUMNS,
  `ON CONFLICT (market, base, quote, start) DO UPDATE SET
     open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
     volume_from = EXCLUDED.volume_from, volume_to = EXCLUDED.volume_to, trades = EXCLUDED.trades,
     origin = EXCLUDED.origin, message_id = EXCLUDED.message_id, revised_at = EXCLUDED.revised_at,
     ingested_at = now()
   WHERE candles_1m.revised_at <= EXCLUDED.revised_at
   RETURNING 1`,
  TICK_COLUMNS.length + 1,
);

/**
 * Both tables in one statement (so atomic without a transaction block), one INSERT per table, fed by
 * one array parameter per column: 39 parameters whatever the batch size.
 */
export const WRITE_ROWS = `WITH
  ticks_written AS (${INSERT_TICKS}),
  candles_written AS (${UPSERT_CANDLES})
SELECT (SELECT count(*) FROM ticks_written)::integer AS ticks,
       (SELECT count(*) FROM candles_written)::integer AS candles`;

export type RowCounts = { readonly ticksInserted: number; readonly candlesUpserted: number };

/** Writes rows (each candle at most once: mapBatch keeps the last revision) in one statement. */
export async function writeRows(db: SqlSession, rows: readonly SinkRow[]): Promise<RowCounts> {
  const ticks: TickRow[] = [];
  const candles: CandleRow[] = [];
  for (const row of rows) {
    if (row.kind === 'tick') ticks.push(row);
    else candles.push(row);
  }
  if (ticks.length === 0 && candles.length === 0) return { ticksInserted: 0, candlesUpserted: 0 };
  const result = await db.query(WRITE_ROWS, [
    ...columnArrays(TICK_COLUMNS, ticks),
    ...columnArrays(CANDLE_COLUMNS, candles),
  ]);
  const counts = result.rows[0] ?? {};
  return { ticksInserted: Number(counts.ticks ?? 0), candlesUpserted: Number(counts.candles ?? 0) };
}
