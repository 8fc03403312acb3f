import type { Admin } from 'kafkajs';
import type { Logger } from './logger';
import type { Registry } from './metrics';
import {
  findUnderReplicatedTopics,
  reportUnderReplicated,
  resolveTopicReplication,
  type TopicReplication,
} from './replication';
import { type EnsureTopicsResult, ensureTopics, type TopicSpec } from './topics';

export type EnsureReplicatedTopicsDeps = {
  /** `KAFKA_REPLICATION_FACTOR` (undefined: min(3, brokers)). */
  replicationFactor: number | undefined;
  logger: Logger;
  metrics?: Registry;
  timeoutMs?: number;
};

/**
 * How every service creates its topics: with the cluster-wide replication factor and the
 * min.insync.replicas that goes with it; existing topics with fewer replicas are reported (warn log,
 * `kafka_topics_under_replicated`), not altered: changing replicas is a reassignment, an operator's job.
 */
export async function ensureReplicatedTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  deps: EnsureReplicatedTopicsDeps,
): Promise<EnsureTopicsResult & { replication: TopicReplication }> {
  const replication = await resolveTopicReplication(admin, deps.replicationFactor, deps.logger);
  const result = await ensureTopics(admin, specs, {
    replication,
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
  });
  reportUnderReplicated([], replication.replicationFactor, deps); // the gauge exists from the start, at 0
  // Topics with an explicit factor in their spec are checked against that one.
  const byFactor = new Map<number, string[]>();
  for (const spec of specs) {
    if (!result.existing.includes(spec.topic)) continue;
    const factor = spec.replicationFactor ?? replication.replicationFactor;
    byFactor.set(factor, [...(byFactor.get(factor) ?? []), spec.topic]);
  }
  for (const [factor, topics] of byFactor) {
    const found = await findUnderReplicatedTopics(admin, topics, factor);
    reportUnderReplicated(found, factor, deps);
  }
  return { ...result, replication };
}
