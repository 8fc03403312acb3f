/** A partition's offsets at start: `high` is the next offset to be written, `low` the first one kept. */
export type PartitionOffsets = { partition: number; high: string; low: string };

export type CatchUpTracker = {
  isCaughtUp(): boolean;
  /** Records that everything up to `lastOffset` of `partition` was read; true when this made it caught up. */
  advance(partition: number, lastOffset: string): boolean;
  /** Partitions still behind, with how many offsets remain. */
  behind(): Array<{ partition: number; remaining: string }>;
};

/**
 * "Caught up" = every partition was read up to the high watermark it had when reading started
 * (what was there at boot is in; what comes later is following). Empty partitions are done at once.
 */
export function createCatchUpTracker(start: readonly PartitionOffsets[]): CatchUpTracker {
  const remaining = new Map<number, bigint>();
  const position = new Map<number, bigint>();
  for (const p of start) {
    position.set(p.partition, BigInt(p.low));
    if (BigInt(p.high) > BigInt(p.low)) remaining.set(p.partition, BigInt(p.high));
  }
  return {
    isCaughtUp: () => remaining.size === 0,
    advance(partition, lastOffset) {
      const target = remaining.get(partition);
      const next = BigInt(lastOffset) + 1n;
      position.set(partition, next);
      if (target === undefined || next < target) return false;
      remaining.delete(partition);
      return remaining.size === 0;
    },
    behind: () =>
      [...remaining].map(([partition, target]) => ({
        partition,
        remaining: String(target - (position.get(partition) ?? 0n)),
      })),
  };
}
