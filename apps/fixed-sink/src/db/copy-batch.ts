import type { PartitionRange } from '../batches/batch';
import type { MappedBatch } from '../batches/rows';
import type { WriteResult } from '../machine-types';
import { TICK_COLUMNS } from './columns';
import { type CopyRow, copyChunks } from './copy-binary';
import { sqlState } from './db-errors';
import { isConnectionLost } from './postgres-database';
import { storeOffsets } from './sink-offsets';
import type { SqlDatabase } from './sql';
import { writeRows } from './write-rows';

/** The offsets a batch covers, stored with its rows. */
export type BatchOffsets = { readonly groupId: string; readonly ranges: readonly PartitionRange[] };

export const COPY_TICKS = `COPY ticks (${TICK_COLUMNS.map((c) => c.name).join(', ')}) FROM STDIN WITH (FORMAT binary)`;

/**
 * The fast path: one transaction of `COPY ticks`, the candle upsert and the offsets. COPY has no
 * ON CONFLICT: a tick already stored (a replay, a tick republished by its producer) makes it fail
 * with 23505, and a value PostgreSQL refuses with class 22; then this returns undefined, having
 * changed nothing, and the caller writes the batch by the idempotent INSERT path. A lost
 * connection is thrown (the whole batch is retried).
 */
export async function writeByCopy(
  db: SqlDatabase,
  mapped: MappedBatch,
  offsets: BatchOffsets,
): Promise<WriteResult | undefined> {
  const { ticks, candles } = mapped;
  if (ticks.length === 0) return undefined;
  const rows: CopyRow[] = [];
  for (const row of ticks) {
    if (row.copyRow === undefined) return undefined;
    rows.push(row.copyRow);
  }
  const data = copyChunks(rows);
  try {
    const candlesUpserted = await db.transaction(async (tx) => {
      await tx.copyIn(COPY_TICKS, data);
      // Also where a refused COPY shows (25P02): see SqlSession.copyIn.
      const counts = await writeRows(tx, candles);
      await storeOffsets(tx, offsets.groupId, offsets.ranges);
      return counts.candlesUpserted;
    });
    return {
      ticksInserted: ticks.length,
      candlesUpserted,
      rejected: [],
      attempts: 1,
      path: 'copy',
      offsetsStored: true,
    };
  } catch (error) {
    if (sqlState(error) === undefined || isConnectionLost(error)) throw error;
    return undefined;
  }
}
