import type { Admin } from 'kafkajs';
import { intVar, optional } from './config-vars';
import type { Logger } from './logger';
import { gauge, type Registry } from './metrics';

/** The most replicas the platform asks for by default: one node down, one more tolerated for reads. */
export const MAX_DEFAULT_REPLICATION = 3;

/** `KAFKA_REPLICATION_FACTOR`: every topic a service creates. Unset: min(3, brokers in the cluster). */
export function replicationFactorVar() {
  return optional(
    intVar('KAFKA_REPLICATION_FACTOR', {
      min: 1,
      max: 16,
      description:
        'replication factor of every topic the platform creates (fixed, control, DLQ, dynamic); unset: min(3, brokers in the cluster); min.insync.replicas follows it',
    }),
  );
}

/** What the platform's topics are created with. */
export type TopicReplication = { readonly replicationFactor: number; readonly minInsyncReplicas: number };

/**
 * min.insync.replicas for a factor: 1 up to 2 replicas (a 2-replica topic must stay writable with one
 * node down), else a majority, so acks=all writes survive the loss of a minority and are never on one disk.
 */
export function minInsyncReplicasFor(replicationFactor: number): number {
  return replicationFactor <= 2 ? 1 : Math.floor(replicationFactor / 2) + 1;
}

/** The configured factor, or min(3, live brokers) when unset; warns when the cluster is smaller. */
export async function resolveTopicReplication(
  admin: Admin,
  configured: number | undefined,
  logger: Logger,
): Promise<TopicReplication> {
  const { brokers } = await admin.describeCluster();
  const replicationFactor = configured ?? Math.max(1, Math.min(MAX_DEFAULT_REPLICATION, brokers.length));
  if (replicationFactor > brokers.length) {
    logger.warn(
      { replicationFactor, brokers: brokers.length },
      'KAFKA_REPLICATION_FACTOR is above the live brokers: creating a topic fails until enough brokers are up',
    );
  }
  return { replicationFactor, minInsyncReplicas: minInsyncReplicasFor(replicationFactor) };
}

/** Topics (of the given ones) whose partitions have fewer replicas than `replicationFactor`. */
export async function findUnderReplicatedTopics(
  admin: Admin,
  topics: readonly string[],
  replicationFactor: number,
): Promise<{ topic: string; replicas: number }[]> {
  if (topics.length === 0) return [];
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
  return metadata.flatMap((t) => {
    const replicas = Math.min(...t.partitions.map((p) => p.replicas.length));
    return Number.isFinite(replicas) && replicas < replicationFactor ? [{ topic: t.name, replicas }] : [];
  });
}

// Per registry, so that several ensure calls of one service (fixed, then dynamic topics) add up.
const underReplicatedByRegistry = new WeakMap<Registry, Set<string>>();

/** Logs (warn) and counts the existing topics found with a lower factor than configured. */
export function reportUnderReplicated(
  found: readonly { topic: string; replicas: number }[],
  replicationFactor: number,
  deps: { logger: Logger; metrics?: Registry },
): void {
  if (deps.metrics) {
    const seen = underReplicatedByRegistry.get(deps.metrics) ?? new Set<string>();
    underReplicatedByRegistry.set(deps.metrics, seen);
    for (const { topic } of found) seen.add(topic);
    gauge(deps.metrics, {
      name: 'kafka_topics_under_replicated',
      help: 'Topics this service uses that it found with fewer replicas than KAFKA_REPLICATION_FACTOR',
    }).set(seen.size);
  }
  for (const { topic, replicas } of found) {
    deps.logger.warn(
      { topic, replicas, replicationFactor },
      'existing topic has fewer replicas than configured: reassign its partitions (kafka-reassign-partitions)',
    );
  }
}
