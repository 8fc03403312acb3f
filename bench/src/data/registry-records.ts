import { type DynamicTopicSpec, normalizeSpec } from '@mdp/contracts/dynamic-spec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import type { Kafka } from 'kafkajs';

export type ActiveTopic = { topic: string; spec: DynamicTopicSpec };

/** A spec normalized by the contract (throws on a spec the contract refuses: a bug in the suite). */
export function spec(input: unknown): DynamicTopicSpec {
  const result = normalizeSpec(input);
  if (!result.ok) throw new Error(`bench spec refused: ${result.error.message}`);
  return result.value;
}

export function activeTopic(s: DynamicTopicSpec, namespace: string): ActiveTopic {
  return { topic: dynamicTopicName(s, namespace), spec: s };
}

/**
 * Writes `active` TopicRecords to the registry topic, as the coordinator would after creating the
 * topics: the producer then routes matching data to them without a coordinator in the benchmark.
 */
export async function writeActiveRecords(
  kafka: Kafka,
  registryTopic: string,
  topics: readonly ActiveTopic[],
): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const now = new Date().toISOString();
    await producer.send({
      topic: registryTopic,
      acks: -1,
      messages: topics.map((t) => ({
        key: t.topic,
        value: JSON.stringify(
          makeEnvelope('TopicRecord', 1, 'bench', {
            topic: t.topic,
            spec: t.spec,
            status: 'active',
            partitions: 3,
            retentionMs: 3_600_000,
            createdAt: now,
            updatedAt: now,
            requestedBy: ['bench'],
            lastRequestId: null,
            reason: null,
          }),
        ),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}
