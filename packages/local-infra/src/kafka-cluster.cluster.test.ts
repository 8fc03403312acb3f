import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { type LocalKafkaCluster, startLocalKafkaCluster } from './kafka-cluster';
import { silentProgress } from './progress';
import { uniqueName } from './unique-name';

jest.setTimeout(400_000);

describe('a local three-node Kafka cluster', () => {
  let cluster: LocalKafkaCluster;

  beforeAll(async () => {
    cluster = await startLocalKafkaCluster({ nodes: 3, progress: silentProgress });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const client = () =>
    new Kafka({ clientId: 'cluster-test', brokers: [...cluster.brokers], logLevel: logLevel.NOTHING });

  async function isr(kafka: Kafka, topic: string): Promise<number[]> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return [...(topics[0]?.partitions[0]?.isr ?? [])].sort();
    } finally {
      await admin.disconnect();
    }
  }

  async function waitForIsr(kafka: Kafka, topic: string, expected: number[]): Promise<void> {
    const deadline = Date.now() + 120_000;
    let last: number[] = [];
    while (Date.now() < deadline) {
      last = await isr(kafka, topic).catch(() => last);
      if (JSON.stringify(last) === JSON.stringify(expected)) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`ISR of ${topic} stayed ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
  }

  test('has three distinct brokers, each on its own port and data folder', async () => {
    expect(cluster.nodes.map((n) => n.nodeId)).toEqual([1, 2, 3]);
    expect(new Set(cluster.brokers).size).toBe(3);
    expect(new Set(cluster.nodes.map((n) => n.dataDir)).size).toBe(3);
    const admin = client().admin();
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    await admin.disconnect();
    expect(brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3]);
  });

  test('keeps acks=all writes and the data while one node is killed, stopped and brought back', async () => {
    const kafka = client();
    const topic = uniqueName('it_replicated');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: 1,
          replicationFactor: 3,
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    await waitForIsr(kafka, topic, [1, 2, 3]);

    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'before' }] });

    const victim = cluster.nodes[0];
    if (!victim) throw new Error('no node');
    await victim.kill();
    expect(victim.isRunning()).toBe(false);
    await producer.send({ topic, acks: -1, messages: [{ value: 'while-killed' }] });
    await victim.start();
    await waitForIsr(kafka, topic, [1, 2, 3]);

    const second = cluster.nodes[1];
    if (!second) throw new Error('no node');
    await second.stop();
    await producer.send({ topic, acks: -1, messages: [{ value: 'while-stopped' }] });
    await second.restart();
    await waitForIsr(kafka, topic, [1, 2, 3]);
    await producer.disconnect();

    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('it_cluster_group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(String(message.value));
          if (seen.length === 3) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(seen).toEqual(['before', 'while-killed', 'while-stopped']);
  });
});
