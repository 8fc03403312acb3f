import type { Admin } from 'kafkajs';

/** Why a registry read does not count as complete (none: it does). */
export type RegistryGap = 'missing' | 'not_caught_up' | 'truncated' | 'replaced' | 'unsealed';

export type RegistryHealth = { complete: boolean; gaps: RegistryGap[] };

/**
 * Is the registry read complete, so that a topic without a record truly has none? All of:
 * - the topic exists;
 * - the reader got to the end offsets fetched for this pass (`caughtUp`);
 * - nothing was cut off: every partition's log start offset is 0. The registry is compacted only
 *   (cleanup.policy=compact), and compaction never moves the log start; only retention deletion or
 *   DeleteRecords do, and both lose records;
 * - the reader's data belongs to this incarnation of the topic: it never read past an end offset
 *   (a deleted and recreated topic starts again at 0);
 * - the topic is sealed: a marker offset committed on it by group `<groupId>.registry-seal`. The
 *   coordinator seals the registry when a complete read accounts for every dynamic topic on the
 *   broker. Kafka drops a group's offsets when their topic is deleted, so a recreated registry is
 *   unsealed, however complete its read: it cannot vouch for topics older than itself. The seal is
 *   renewed on every complete pass, so the broker's offset retention does not expire it.
 */
export function createRegistryHealth(deps: { topic: string; sealGroup: string }) {
  const { topic, sealGroup } = deps;

  async function sealed(admin: Admin): Promise<boolean> {
    const [entry] = await admin.fetchOffsets({ groupId: sealGroup, topics: [topic] });
    const partitions = entry?.partitions ?? [];
    return partitions.length > 0 && partitions.every((p) => p.offset !== '-1');
  }

  return {
    /**
     * `exists` from the broker's topic list, `offsets` fetched for this pass, `readUpTo` the last
     * offset the reader applied per partition, `caughtUp` whether it reached `offsets`.
     */
    async check(
      admin: Admin,
      state: {
        exists: boolean;
        caughtUp: boolean;
        offsets: ReadonlyArray<{ partition: number; low: string; high: string }>;
        readUpTo: ReadonlyMap<number, bigint>;
      },
    ): Promise<RegistryHealth> {
      if (!state.exists) return { complete: false, gaps: ['missing'] };
      const gaps: RegistryGap[] = [];
      if (!state.caughtUp) gaps.push('not_caught_up');
      if (state.offsets.some((p) => BigInt(p.low) > 0n)) gaps.push('truncated');
      const high = new Map(state.offsets.map((p) => [p.partition, BigInt(p.high)]));
      for (const [partition, read] of state.readUpTo) {
        if (read >= (high.get(partition) ?? 0n)) gaps.push('replaced');
      }
      if (!(await sealed(admin))) gaps.push('unsealed');
      const unique = [...new Set(gaps)];
      return { complete: unique.length === 0, gaps: unique };
    },

    /** Marks this incarnation of the registry as accounting for every dynamic topic (or renews the mark). */
    async seal(admin: Admin, partitions: readonly number[]): Promise<void> {
      await admin.setOffsets({
        groupId: sealGroup,
        topic,
        partitions: partitions.map((partition) => ({ partition, offset: '0' })),
      });
    },
  };
}

export type RegistryHealthCheck = ReturnType<typeof createRegistryHealth>;
