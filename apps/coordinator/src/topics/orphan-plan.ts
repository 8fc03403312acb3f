/**
 * Orphans: dynamic topics on the broker with no registry record. The registry is never a reason to
 * delete data: an orphan is deleted only when
 * - the registry read is complete (see registry/health.ts: the topic exists, it was read to the end
 *   offsets fetched for this pass, nothing was truncated, and it is sealed, i.e. this incarnation of
 *   the topic once accounted for every dynamic topic), and
 * - the orphan has been quiet for ORPHAN_GRACE_MS: its end offsets did not move and no gateway
 *   reported subscribers on it (nor could this process have missed their heartbeats).
 * Every other orphan is kept and reported (log, gauge, GET /admin/orphans).
 */

/** What this process remembers of an orphan between passes. */
export type OrphanMemory = {
  firstSeen: number;
  /** Sum of the partitions' end offsets when last seen, and since when it has not moved. */
  endOffsets: string;
  dataSince: number;
};

/** What a pass learns of an orphan now. */
export type OrphanFacts = {
  /** Sum of the partitions' end offsets (a string: a bigint). */
  endOffsets: string;
  /** Epoch ms since which it had no subscribers; null while in use or while heartbeats could be missed. */
  idleSince: number | null;
};

export type OrphanVerdict = 'delete' | 'registry_incomplete' | 'in_use' | 'grace';

export type OrphanReportEntry = {
  topic: string;
  firstSeen: number;
  /** Epoch ms since which it had neither new data nor subscribers; null while in use. */
  quietSince: number | null;
  verdict: OrphanVerdict;
};

export type OrphanPlanInput = {
  /** Orphans on the broker now, with their facts. */
  orphans: ReadonlyMap<string, OrphanFacts>;
  registryComplete: boolean;
  now: number;
  graceMs: number;
  /** Updated in place: orphans that are gone or got a record are forgotten. */
  memory: Map<string, OrphanMemory>;
};

export function planOrphans(input: OrphanPlanInput): OrphanReportEntry[] {
  const { memory, now } = input;
  for (const topic of memory.keys()) if (!input.orphans.has(topic)) memory.delete(topic);
  const report: OrphanReportEntry[] = [];
  for (const [topic, facts] of input.orphans) {
    const before = memory.get(topic);
    const moved = before !== undefined && before.endOffsets !== facts.endOffsets;
    const remembered: OrphanMemory = {
      firstSeen: before?.firstSeen ?? now,
      endOffsets: facts.endOffsets,
      // First sight counts as new data: what came before is unknown.
      dataSince: before && !moved ? before.dataSince : now,
    };
    memory.set(topic, remembered);
    const quietSince =
      facts.idleSince === null ? null : Math.max(facts.idleSince, remembered.dataSince, remembered.firstSeen);
    const verdict: OrphanVerdict =
      quietSince === null
        ? 'in_use'
        : now - quietSince < input.graceMs
          ? 'grace'
          : input.registryComplete
            ? 'delete'
            : 'registry_incomplete';
    report.push({ topic, firstSeen: remembered.firstSeen, quietSince, verdict });
  }
  return report.sort((a, b) => a.topic.localeCompare(b.topic));
}
