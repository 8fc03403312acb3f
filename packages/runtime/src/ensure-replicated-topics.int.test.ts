import { topicNames } from '@mdp/contracts/topic-names';
import { type Admin, ConfigResourceTypes, ConfigSource } from 'kafkajs';
import pino from 'pino';
import { ensureReplicatedTopics } from './ensure-replicated-topics';
import { createKafka } from './kafka-client';
import { createMetricsRegistry } from './metrics';
import { deleteNamespaceTopics, testBrokers, uniqueNamespace } from './testing';
import { ensureTopics } from './topics';

jest.setTimeout(60_000);

const namespace = uniqueNamespace();
const names = topicNames(namespace);
const warnings: { msg: string; topic?: string; replicas?: number }[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
const kafka = createKafka({ clientId: 'runtime-replication-test', brokers: testBrokers(), logger });
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await deleteNamespaceTopics(admin, namespace);
  await admin.disconnect();
});

beforeEach(() => {
  warnings.length = 0;
});

test('unset, the factor is the cluster size (at most 3) and min.insync.replicas follows it', async () => {
  const { brokers } = await admin.describeCluster();
  const metrics = createMetricsRegistry('t', { defaultMetrics: false });
  const result = await ensureReplicatedTopics(admin, [{ topic: names.ticks, partitions: 1 }], {
    replicationFactor: undefined,
    logger,
    metrics,
  });
  const factor = Math.min(3, brokers.length);
  expect(result.replication.replicationFactor).toBe(factor);
  const { topics } = await admin.fetchTopicMetadata({ topics: [names.ticks] });
  expect(topics[0]?.partitions[0]?.replicas).toHaveLength(factor);
  // Set on the topic itself (a topic config), not inherited from the broker's default.
  const described = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: names.ticks, configNames: ['min.insync.replicas'] }],
    includeSynonyms: false,
  });
  expect(described.resources[0]?.configEntries[0]).toMatchObject({
    configValue: String(result.replication.minInsyncReplicas),
    configSource: ConfigSource.TOPIC_CONFIG,
  });
  expect(await metrics.getSingleMetricAsString('kafka_topics_under_replicated')).toMatch(/ 0$/m);
  expect(warnings).toEqual([]);
});

test('an existing topic with fewer replicas than configured is reported (log and metric), not used silently', async () => {
  await ensureTopics(admin, [{ topic: names.registry, partitions: 1, compacted: true }], {
    defaultReplicationFactor: 1,
  });
  const metrics = createMetricsRegistry('t', { defaultMetrics: false });
  const { brokers } = await admin.describeCluster();
  await ensureReplicatedTopics(admin, [{ topic: names.registry, partitions: 1, compacted: true }], {
    replicationFactor: brokers.length + 1,
    logger,
    metrics,
  });
  expect(warnings).toContainEqual(
    expect.objectContaining({
      topic: names.registry,
      replicas: 1,
      msg: expect.stringMatching(/fewer replicas/),
    }),
  );
  expect(await metrics.getSingleMetricAsString('kafka_topics_under_replicated')).toMatch(/ 1$/m);
});
