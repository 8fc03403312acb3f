import type { CandleRow, SinkRow, TickRow } from '../rows';
import { CANDLE_COLUMNS, columnArrays, insertFromArrays, TICK_COLUMNS } from './columns';
import type { SqlDatabase } from './sql';

/** A replayed tick changes nothing. */
export const INSERT_TICKS = insertFromArrays('ticks', TICK_COLUMNS, 'ON CONFLICT DO NOTHING');

/** A newer revision of a minute replaces the stored one; an older one (replayed late) does not. */
export const UPSERT_CANDLES = insertFromArrays(
  'candles_1m',
  CANDLE_COLUMNS,
  `ON CONFLICT (market, base, quote, start) DO UPDATE SET
     open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
     volume_from = EXCLUDED.volume_from, volume_to = EXCLUDED.volume_to, trades = EXCLUDED.trades,
     origin = EXCLUDED.origin, message_id = EXCLUDED.message_id, revised_at = EXCLUDED.revised_at,
     ingested_at = now()
   WHERE candles_1m.revised_at <= EXCLUDED.revised_at`,
);

export type RowCounts = { readonly ticksInserted: number; readonly candlesUpserted: number };

/**
 * Writes rows in one transaction: one statement for the ticks, one for the candles. The rows of one
 * call must hold each candle at most once (mapBatch keeps the last revision).
 */
export async function writeRows(db: SqlDatabase, rows: readonly SinkRow[]): Promise<RowCounts> {
  const ticks: TickRow[] = [];
  const candles: CandleRow[] = [];
  for (const row of rows) {
    if (row.kind === 'tick') ticks.push(row);
    else candles.push(row);
  }
  if (ticks.length === 0 && candles.length === 0) return { ticksInserted: 0, candlesUpserted: 0 };
  return db.transaction(async (tx) => {
    const ticksInserted =
      ticks.length > 0 ? (await tx.query(INSERT_TICKS, columnArrays(TICK_COLUMNS, ticks))).count : 0;
    const candlesUpserted =
      candles.length > 0 ? (await tx.query(UPSERT_CANDLES, columnArrays(CANDLE_COLUMNS, candles))).count : 0;
    return { ticksInserted, candlesUpserted };
  });
}
