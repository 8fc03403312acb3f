import { isDynamicTopic } from '@mdp/contracts/topic-names';
import { ensureReplicatedTopics } from '@mdp/runtime/ensure-replicated-topics';
import type { Logger } from '@mdp/runtime/logger';
import type { Registry } from '@mdp/runtime/metrics';
import { deleteTopicsIfExist } from '@mdp/runtime/topics';
import type { Admin } from 'kafkajs';
import type { CoordinatorConfig } from '../config';

export type TopicAdmin = {
  /** Creates the topic (one that exists already counts as success); resolves with its partition count. */
  create(topic: string): Promise<{ partitions: number; created: boolean }>;
  delete(topic: string): Promise<void>;
  /** The dynamic topics of this namespace on the broker. */
  listDynamic(): Promise<Set<string>>;
  /** Sum of the partitions' end offsets: it moves whenever anything is written. */
  endOffsets(topic: string): Promise<string>;
};

export function createTopicAdmin(
  admin: Admin,
  config: Pick<CoordinatorConfig, 'topic' | 'namespace' | 'kafka'>,
  deps: { logger: Logger; metrics?: Registry },
): TopicAdmin {
  const { partitions, retentionMs, cleanupPolicy } = config.topic;
  return {
    async create(topic) {
      // KAFKA_REPLICATION_FACTOR, like every other topic of the platform.
      const result = await ensureReplicatedTopics(
        admin,
        [{ topic, partitions, retentionMs, configs: { 'cleanup.policy': cleanupPolicy } }],
        { replicationFactor: config.kafka.replicationFactor, timeoutMs: 30_000, ...deps },
      );
      const created = result.created.includes(topic);
      if (created) return { partitions, created };
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return { partitions: topics[0]?.partitions.length || partitions, created };
    },
    async delete(topic) {
      await deleteTopicsIfExist(admin, [topic]);
    },
    async listDynamic() {
      const topics = await admin.listTopics();
      return new Set(topics.filter((t) => isDynamicTopic(t, config.namespace)));
    },
    async endOffsets(topic) {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, p) => sum + BigInt(p.high), 0n).toString();
    },
  };
}
