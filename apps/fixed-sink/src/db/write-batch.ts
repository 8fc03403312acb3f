import { writeIsolatingBadRows } from '../bisect';
import type { WriteResult } from '../machine-types';
import type { MappedBatch, Rejection, SinkRow } from '../rows';
import { errorText, isDataError } from './db-errors';
import type { SqlDatabase } from './sql';
import { writeRows } from './write-rows';

/**
 * Writes a mapped batch (one transaction, one statement per table). Rows the database refuses for a
 * reason in their data are isolated by splitting and come back as rejections for the DLQ; any other
 * failure is thrown for the machine to retry the whole batch.
 */
export async function writeBatch(
  db: SqlDatabase,
  mapped: MappedBatch,
  signal?: AbortSignal,
): Promise<WriteResult> {
  const rows: SinkRow[] = [...mapped.ticks, ...mapped.candles];
  const result = await writeIsolatingBadRows(rows, (part) => writeRows(db, part), isDataError, signal);
  let ticksInserted = 0;
  let candlesUpserted = 0;
  for (const counts of result.written) {
    ticksInserted += counts.ticksInserted;
    candlesUpserted += counts.candlesUpserted;
  }
  const rejected: Rejection[] = result.rejected.map(({ row, error }) => ({
    source: row.source,
    code: 'database_rejected',
    reason: errorText(error).slice(0, 1000),
  }));
  return { ticksInserted, candlesUpserted, rejected, attempts: result.attempts };
}
