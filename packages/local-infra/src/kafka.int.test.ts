import { type Admin, ConfigResourceTypes, type Consumer, Kafka, logLevel, Partitioners } from 'kafkajs';
import { testInfra } from './test-env';
import { uniqueName } from './unique-name';

jest.setTimeout(60_000);

const { kafkaBrokers } = testInfra();
const kafka = new Kafka({
  clientId: uniqueName('local_infra_test'),
  brokers: kafkaBrokers,
  logLevel: logLevel.WARN,
});
let admin: Admin;
const createdTopics: string[] = [];

interface Received {
  readonly key: string | null;
  readonly value: string | null;
  readonly offset: string;
}

/** Runs a consumer group member from the start of `topic` until `count` messages arrived. */
async function consume(consumer: Consumer, topic: string, count: number): Promise<Received[]> {
  const received: Received[] = [];
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`got ${received.length} of ${count} messages`)), 30_000);
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ message }) => {
          received.push({
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            offset: message.offset,
          });
          if (received.length === count) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  return received;
}

async function createTopic(topic: string, configEntries: { name: string; value: string }[] = []) {
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 1, configEntries }],
    waitForLeaders: true,
  });
  expect(created).toBe(true);
  createdTopics.push(topic);
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  const existing = new Set(await admin.listTopics());
  const leftovers = createdTopics.filter((topic) => existing.has(topic));
  if (leftovers.length > 0) await admin.deleteTopics({ topics: leftovers });
  await admin.disconnect();
});

test('idempotent producer -> consumer group, with committed offsets the admin can read back', async () => {
  const topic = uniqueName('it_prices');
  const groupId = uniqueName('it_group');
  await createTopic(topic);

  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const sent = Array.from({ length: 5 }, (_, i) => ({ key: `BTC-${i}`, value: JSON.stringify({ seq: i }) }));
  await producer.send({ topic, acks: -1, messages: sent });
  await producer.disconnect();

  const [offsets] = await admin.fetchTopicOffsets(topic);
  expect(offsets).toMatchObject({ partition: 0, high: '5', low: '0' });

  // A short fetch wait, so disconnect() is not held up by an idle long poll.
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    const received = await consume(consumer, topic, sent.length);
    expect(received.map(({ key, value }) => ({ key, value }))).toEqual(sent);
    expect(received.map((message) => message.offset)).toEqual(['0', '1', '2', '3', '4']);

    const group = (await admin.describeGroups([groupId])).groups[0];
    expect(group).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' });
    expect(group?.members).toHaveLength(1);

    await consumer.commitOffsets([{ topic, partition: 0, offset: '5' }]);
  } finally {
    await consumer.disconnect();
  }
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  expect(committed?.partitions).toEqual([{ partition: 0, offset: '5', metadata: null }]);
});

test('a compacted topic reads back from the start to the latest value per key', async () => {
  const topic = uniqueName('it_registry');
  await createTopic(topic, [{ name: 'cleanup.policy', value: 'compact' }]);

  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }],
  });
  expect(described.resources[0]?.configEntries).toEqual([
    expect.objectContaining({ configName: 'cleanup.policy', configValue: 'compact' }),
  ]);

  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      { key: 'btc', value: 'v1' },
      { key: 'eth', value: 'v1' },
      { key: 'btc', value: 'v2' },
      { key: 'sol', value: 'v1' },
      { key: 'sol', value: null }, // tombstone: the key is retired
    ],
  });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: uniqueName('it_registry_reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    // The active segment is never compacted, so all five records are read; a registry reader
    // folds them to the latest value per key, dropping tombstoned keys.
    const received = await consume(consumer, topic, 5);
    const latest = new Map<string, string | null>();
    for (const { key, value } of received) if (key !== null) latest.set(key, value);
    expect(Object.fromEntries([...latest].filter(([, value]) => value !== null))).toEqual({
      btc: 'v2',
      eth: 'v1',
    });
  } finally {
    await consumer.disconnect();
  }
});

test('deleteTopics removes a topic', async () => {
  const topic = uniqueName('it_doomed');
  await createTopic(topic);
  expect(await admin.listTopics()).toContain(topic);
  await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
  expect(await admin.listTopics()).not.toContain(topic);
});
