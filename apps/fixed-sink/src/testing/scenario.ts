import { topicNames } from '@mdp/contracts/topic-names';
import { testInfra } from '@mdp/local-infra/test-env';
import { deleteNamespaceTopics, eventually, uniqueGroupId, uniqueNamespace } from '@mdp/runtime/testing';
import { ensureTopics } from '@mdp/runtime/topics';
import type { Kafka } from 'kafkajs';
import { scratchDatabase } from './database';
import { testKafka, testProducer } from './kafka';

/**
 * One integration test file's world: its own topic namespace (topics created with 4 partitions), its
 * own database, a producer for test data, and cleanup of all of it.
 */
export async function scenario(name: string, opts: { dlqConfigs?: Record<string, string> } = {}) {
  const infra = testInfra();
  const namespace = uniqueNamespace('fs');
  const topics = topicNames(namespace);
  const kafka: Kafka = testKafka(infra.kafkaBrokers);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [
    { topic: topics.ticks, partitions: 4 },
    { topic: topics.candles1m, partitions: 4 },
    {
      topic: topics.dlq('fixed-sink'),
      partitions: 1,
      ...(opts.dlqConfigs ? { configs: opts.dlqConfigs } : {}),
    },
  ]);
  const database = await scratchDatabase(`fixed_sink_${name}`);
  const producer = await testProducer(kafka);
  const db = database.connect(1);
  const count = async (sql: string) => Number((await db.query(sql)).rows[0]?.n ?? 0);

  return {
    namespace,
    topics,
    kafka,
    database,
    producer,
    db,
    groupId: uniqueGroupId('fixed-sink'),
    /** The environment of a sink for this scenario. */
    env: (extra: Record<string, string> = {}) => ({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      DATABASE_URL: database.url,
      TOPIC_NAMESPACE: namespace,
      ...extra,
    }),
    count,
    /** Waits until `sql` (returning `n`) reaches `expected`; rejects after `timeoutMs`. */
    async countReaches(sql: string, expected: number, timeoutMs = 60_000) {
      await eventually(
        async () => (await count(sql).catch(() => -1)) >= expected,
        `${expected} from ${sql}`,
        timeoutMs,
      );
      return count(sql);
    },
    async cleanup() {
      await producer.disconnect().catch(() => {});
      await db.close().catch(() => {});
      await database.drop().catch(() => {});
      await deleteNamespaceTopics(admin, namespace).catch(() => {});
      await admin.disconnect();
    },
  };
}

export type Scenario = Awaited<ReturnType<typeof scenario>>;
