import { topicNames } from '@mdp/contracts/topic-names';
import { type LocalKafkaCluster, startLocalKafkaCluster } from '@mdp/local-infra/kafka-cluster';
import { silentProgress } from '@mdp/local-infra/progress';
import { generateTestCertificates, type TestCertificates } from '@mdp/local-infra/test-certificates';
import { type Admin, type Kafka, Partitioners } from 'kafkajs';
import pino from 'pino';
import { loadConfig } from './config';
import { ensureReplicatedTopics } from './ensure-replicated-topics';
import { createKafka } from './kafka-client';
import { kafkaClusterVars, kafkaSecurityOptions } from './kafka-security';
import { controlTopicSpecs, fixedTopicSpecs } from './platform-topics';
import { aclEntries, PLATFORM_SERVICES, type PlatformService, serviceGrants } from './service-acls';
import { describeTopicConfig } from './topics';

// Three SASL/SCRAM nodes with StandardAuthorizer, a principal and ACLs per service, one TLS listener.
jest.setTimeout(400_000);

const logger = pino({ level: 'silent' });
const namespace = 'sec';
const names = topicNames(namespace);
const password = (user: string) => `${user}-pw-0123456789`;
const shape = { kafka: kafkaClusterVars() };
let certs: TestCertificates;
let cluster: LocalKafkaCluster;
let superAdmin: Admin;

/** A client configured the way a service is: through the environment variables. */
function serviceKafka(user: string, env: Record<string, string>, brokers = cluster.brokers): Kafka {
  const config = loadConfig(shape, {
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD: password(user),
    ...env,
  });
  return createKafka({
    clientId: `cluster-test-${user}`,
    brokers,
    logger,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    ...kafkaSecurityOptions(config.kafka.security),
  });
}

async function withAdmin<T>(kafka: Kafka, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  certs = await generateTestCertificates();
  cluster = await startLocalKafkaCluster({
    nodes: 3,
    progress: silentProgress,
    security: {
      admin: { name: 'admin', password: password('admin') },
      users: PLATFORM_SERVICES.map((name) => ({ name, password: password(name) })),
      tls: { keystorePemFile: certs.brokerKeystoreFile },
    },
  });
  superAdmin = createKafka({
    clientId: 'cluster-test-admin',
    brokers: cluster.brokers,
    logger,
    ...cluster.adminAuth,
  }).admin();
  await superAdmin.connect();
  for (const service of PLATFORM_SERVICES) {
    await superAdmin.createAcls({ acl: aclEntries(serviceGrants(service, namespace), `User:${service}`) });
  }
});

afterAll(async () => {
  await superAdmin?.disconnect();
  await cluster?.stop();
  await certs?.remove();
});

test('a service creates its topics with replication factor 3 and min.insync.replicas 2 by default', async () => {
  const gateway = serviceKafka('dynamic-gateway', {});
  const result = await withAdmin(gateway, (admin) =>
    ensureReplicatedTopics(
      admin,
      [
        { topic: names.requests, partitions: 1 },
        { topic: names.registry, partitions: 1, compacted: true },
        { topic: names.events, partitions: 1 },
      ],
      { replicationFactor: undefined, logger },
    ),
  );
  expect(result.replication).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  const { topics } = await superAdmin.fetchTopicMetadata({ topics: [names.registry] });
  expect(topics[0]?.partitions[0]?.replicas).toHaveLength(3);
  expect(await describeTopicConfig(superAdmin, names.registry, ['min.insync.replicas'])).toEqual({
    'min.insync.replicas': '2',
  });
});

async function produceAs(service: PlatformService, topic: string): Promise<void> {
  const producer = serviceKafka(service, {}).producer({
    idempotent: true,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 1 },
  });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'v' }] });
  } finally {
    await producer.disconnect();
  }
}

test("the gateway's principal writes control.requests.v1 but is refused control.topics.v1", async () => {
  await produceAs('dynamic-gateway', names.requests);
  await expect(produceAs('dynamic-gateway', names.registry)).rejects.toThrow(/authoriz/i);
  // The coordinator, which owns the registry, may.
  await produceAs('coordinator', names.registry);
});

test("the producer's principal is refused deleting a topic; the coordinator's deletes a dynamic one", async () => {
  const dynamicTopic = `${names.dynamicPrefix}ticks.x.0123456789abcdef`;
  await superAdmin.createTopics({
    topics: [{ topic: dynamicTopic, numPartitions: 1, replicationFactor: 3 }],
  });
  const producerKafka = serviceKafka('producer', {});
  await expect(
    withAdmin(producerKafka, (admin) =>
      admin.deleteTopics({ topics: [names.events, dynamicTopic], timeout: 5000 }),
    ),
  ).rejects.toThrow(/authoriz/i);
  expect(await superAdmin.listTopics()).toEqual(expect.arrayContaining([names.events, dynamicTopic]));
  await withAdmin(serviceKafka('coordinator', {}), (admin) => admin.deleteTopics({ topics: [dynamicTopic] }));
});

test('a wrong password is refused; PLAIN works as well as SCRAM', async () => {
  const wrong = createKafka({
    clientId: 'cluster-test-wrong',
    brokers: cluster.brokers,
    logger,
    retry: { retries: 0 },
    sasl: { mechanism: 'scram-sha-256', username: 'producer', password: 'not-the-password' },
  });
  await expect(withAdmin(wrong, (admin) => admin.listTopics())).rejects.toThrow(/authentication/i);
  const plain = serviceKafka('fixed-sink', { KAFKA_SASL_MECHANISM: 'plain' });
  await expect(withAdmin(plain, (admin) => admin.listTopics())).resolves.toEqual(expect.any(Array));
});

test('the TLS listener serves a client that trusts the test CA (KAFKA_TLS_CA_FILE)', async () => {
  const tls = serviceKafka(
    'dynamic-gateway',
    { KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: certs.caFile, KAFKA_SASL_MECHANISM: 'scram-sha-256' },
    cluster.tlsBrokers,
  );
  const topics = await withAdmin(tls, (admin) => admin.listTopics());
  expect(topics).toEqual(expect.arrayContaining([names.requests, names.events]));
  // Without the CA the broker's certificate is not trusted.
  const untrusting = serviceKafka('dynamic-gateway', { KAFKA_TLS: 'true' }, cluster.tlsBrokers);
  await expect(withAdmin(untrusting, (admin) => admin.listTopics())).rejects.toThrow();
});

async function consumeOneAs(service: PlatformService, topic: string, groupId: string): Promise<string> {
  const consumer = serviceKafka(service, {}).consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<string>((resolve, reject) => {
      // A refused group join ends the consumer: surface it instead of waiting for a message.
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
      consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

test("each service's principal is allowed its own start-up and data path", async () => {
  const ensureAs = (service: PlatformService, specs: Parameters<typeof ensureReplicatedTopics>[1]) =>
    withAdmin(serviceKafka(service, {}), (admin) =>
      ensureReplicatedTopics(admin, specs, { replicationFactor: undefined, logger }),
    );
  await ensureAs('producer', [...fixedTopicSpecs(names, 2), ...controlTopicSpecs(names)]);
  await ensureAs('fixed-sink', [
    ...fixedTopicSpecs(names, 2),
    { topic: names.dlq('fixed-sink'), partitions: 1 },
  ]);
  await ensureAs('coordinator', [
    ...controlTopicSpecs(names),
    { topic: names.dlq('coordinator'), partitions: 1 },
  ]);
  const dynamicTopic = `${names.dynamicPrefix}ticks.y.fedcba9876543210`;
  await ensureAs('coordinator', [
    { topic: dynamicTopic, partitions: 1, retentionMs: 3_600_000, configs: { 'cleanup.policy': 'delete' } },
  ]);

  await produceAs('producer', names.ticks);
  await produceAs('producer', dynamicTopic);
  await produceAs('fixed-sink', names.dlq('fixed-sink'));
  expect(await consumeOneAs('fixed-sink', names.ticks, `${namespace}.fixed-sink`)).toBe('v');
  expect(await consumeOneAs('dynamic-gateway', dynamicTopic, `${namespace}.gateway.g1.reader`)).toBe('v');
  // Outside its group prefix the same principal may not use a group: the broker refuses the
  // coordinator lookup (GROUP_AUTHORIZATION_FAILED), which kafkajs reports without the cause.
  await expect(consumeOneAs('dynamic-gateway', dynamicTopic, 'someone-else')).rejects.toThrow(
    /authoriz|group coordinator/i,
  );
});
