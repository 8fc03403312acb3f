import { topicNames } from '@mdp/contracts/topic-names';
import type { Admin } from 'kafkajs';
import { createKafka } from './kafka-client';
import { createLogger } from './logger';
import { deleteNamespaceTopics, testBrokers, uniqueNamespace } from './testing';
import { deleteTopicsIfExist, describeTopicConfig, ensureTopics } from './topics';

jest.setTimeout(60_000);

const namespace = uniqueNamespace();
const names = topicNames(namespace);
const kafka = createKafka({
  clientId: 'runtime-topics-test',
  brokers: testBrokers(),
  logger: createLogger({ service: 'runtime-test', level: 'warn' }),
});
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await deleteNamespaceTopics(admin, namespace);
  await admin.disconnect();
});

describe('ensureTopics (real broker)', () => {
  it('creates missing topics with their partitions and configs, and leaders', async () => {
    const result = await ensureTopics(admin, [
      { topic: names.ticks, partitions: 3, retentionMs: 3_600_000 },
      { topic: names.registry, partitions: 1, compacted: true },
    ]);
    expect(result).toEqual({ created: [names.ticks, names.registry], existing: [] });
    const { topics } = await admin.fetchTopicMetadata({ topics: [names.ticks, names.registry] });
    const byName = Object.fromEntries(topics.map((t) => [t.name, t.partitions]));
    expect(byName[names.ticks]).toHaveLength(3);
    expect(byName[names.ticks]?.every((p) => p.leader >= 0)).toBe(true);
    expect(await describeTopicConfig(admin, names.registry, ['cleanup.policy'])).toEqual({
      'cleanup.policy': 'compact',
    });
    const ticksConfig = await describeTopicConfig(admin, names.ticks);
    expect(ticksConfig['retention.ms']).toBe('3600000');
    expect(ticksConfig['cleanup.policy']).toBe('delete');
  });

  it('counts topics that exist already as success', async () => {
    const result = await ensureTopics(admin, [
      { topic: names.ticks, partitions: 3 },
      { topic: names.events, partitions: 1 },
    ]);
    expect(result).toEqual({ created: [names.events], existing: [names.ticks] });
  });

  it('survives a race of two creators of the same topic', async () => {
    const other = kafka.admin();
    await other.connect();
    try {
      const spec = [{ topic: names.requests, partitions: 1 }];
      const [a, b] = await Promise.all([ensureTopics(admin, spec), ensureTopics(other, spec)]);
      expect([...a.created, ...b.created]).toEqual([names.requests]);
      expect([...a.existing, ...b.existing]).toEqual([names.requests]);
    } finally {
      await other.disconnect();
    }
  });

  it('deletes only topics that exist', async () => {
    const deleted = await deleteTopicsIfExist(admin, [names.requests, `${namespace}.never.created`]);
    expect(deleted).toEqual([names.requests]);
  });
});
