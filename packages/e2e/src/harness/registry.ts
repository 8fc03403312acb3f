import { decode } from '@mdp/contracts/codec';
import type { TopicStatus } from '@mdp/contracts/control';
import { TopicRecordSchema } from '@mdp/contracts/control';
import type { Kafka } from 'kafkajs';
import { listTopics, readTopic } from './kafka';

/** The coordinator's registry as any service rebuilds it: the latest record per topic, tombstones delete. */
export async function readRegistry(kafka: Kafka, registryTopic: string): Promise<Map<string, TopicStatus>> {
  const records = new Map<string, TopicStatus>();
  for (const message of await readTopic(kafka, registryTopic)) {
    if (message.key === null) continue;
    if (message.value === null) {
      records.delete(message.key);
      continue;
    }
    const decoded = decode(TopicRecordSchema, message.value);
    if (decoded.ok) records.set(message.key, decoded.value.data.status);
  }
  return records;
}

export type RegistryComparison = {
  /** Registry topics that should exist (creating/active/retiring) but are not on the broker. */
  missingOnBroker: string[];
  /** dyn.* topics on the broker that no live record names. */
  unknownToRegistry: string[];
  records: Record<string, TopicStatus>;
  brokerTopics: string[];
};

/** Does the registry describe exactly the dynamic topics the broker has? */
export async function compareRegistryWithBroker(
  kafka: Kafka,
  registryTopic: string,
  dynamicPrefix: string,
): Promise<RegistryComparison> {
  const records = await readRegistry(kafka, registryTopic);
  const brokerTopics = await listTopics(kafka, dynamicPrefix);
  const live = [...records].filter(([, status]) => status !== 'failed').map(([topic]) => topic);
  return {
    missingOnBroker: live.filter((t) => !brokerTopics.includes(t)),
    unknownToRegistry: brokerTopics.filter((t) => !live.includes(t)),
    records: Object.fromEntries(records),
    brokerTopics,
  };
}

export const registryMatches = (c: RegistryComparison) =>
  c.missingOnBroker.length === 0 && c.unknownToRegistry.length === 0;
