import type { PartitionRange } from '../batches/batch';
import type { SqlSession } from './sql';

/**
 * The next offset to read of each topic-partition, per consumer group, written in the same
 * transaction as the rows: on start and on every assignment the sink seeks here, so the database
 * is the truth and the Kafka commit only informs lag tooling.
 */
export const CREATE_SINK_OFFSETS = `
CREATE TABLE sink_offsets (
  group_id    text        NOT NULL,
  topic       text        NOT NULL,
  partition   integer     NOT NULL,
  next_offset bigint      NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, partition)
)`;

/**
 * Never moves back: a batch still in flight at a former owner of the partition (rebalance) may
 * commit after the new owner went further. To replay on purpose, delete the group's rows.
 */
const STORE = `INSERT INTO sink_offsets (group_id, topic, partition, next_offset)
SELECT $1, t, p, o FROM unnest($2::text[], $3::int4[], $4::int8[]) AS r(t, p, o)
ON CONFLICT (group_id, topic, partition) DO UPDATE
  SET next_offset = GREATEST(sink_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`;

/** Stores `lastOffset + 1` of each range as the group's next offset. */
export async function storeOffsets(
  db: SqlSession,
  groupId: string,
  ranges: readonly PartitionRange[],
): Promise<void> {
  if (ranges.length === 0) return;
  await db.query(STORE, [
    groupId,
    ranges.map((r) => r.topic),
    ranges.map((r) => r.partition),
    ranges.map((r) => (BigInt(r.lastOffset) + 1n).toString()),
  ]);
}

export type StoredOffset = { readonly topic: string; readonly partition: number; readonly offset: string };

/** The group's stored next offsets for these topics. */
export async function readOffsets(
  db: SqlSession,
  groupId: string,
  topics: readonly string[],
): Promise<StoredOffset[]> {
  const result = await db.query(
    'SELECT topic, partition, next_offset::text AS next_offset FROM sink_offsets WHERE group_id = $1 AND topic = ANY($2::text[])',
    [groupId, topics],
  );
  return result.rows.map((row) => ({
    topic: String(row.topic),
    partition: Number(row.partition),
    offset: String(row.next_offset),
  }));
}
