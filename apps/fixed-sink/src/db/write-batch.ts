import { writeIsolatingBadRows } from '../batches/bisect';
import type { MappedBatch, Rejection, SinkRow } from '../batches/rows';
import type { WriteResult } from '../machine-types';
import { type BatchOffsets, writeByCopy } from './copy-batch';
import { errorText, isDataError } from './db-errors';
import type { SqlDatabase } from './sql';
import { writeRows } from './write-rows';

/**
 * Writes a mapped batch: by COPY with its offsets when `offsets` are given (see writeByCopy), else,
 * or when COPY refuses the batch, by the idempotent INSERT (one statement for both tables). Rows the
 * database refuses for a reason in their data are isolated by splitting and come back as
 * rejections for the DLQ; any other failure is thrown for the machine to retry the whole batch.
 */
export async function writeBatch(
  db: SqlDatabase,
  mapped: MappedBatch,
  signal?: AbortSignal,
  offsets?: BatchOffsets,
): Promise<WriteResult> {
  const copied = offsets ? await writeByCopy(db, mapped, offsets) : undefined;
  if (copied) return copied;
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
  return {
    ticksInserted,
    candlesUpserted,
    rejected,
    attempts: result.attempts,
    path: 'insert',
    offsetsStored: false,
  };
}
