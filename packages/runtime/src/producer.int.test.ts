import { Headers } from '@mdp/contracts/headers';
import { topicNames } from '@mdp/contracts/topic-names';
import type { Admin, KafkaMessage } from 'kafkajs';
import { readHeader } from './dlq';
import { createKafka } from './kafka-client';
import { createLogger } from './logger';
import { createMetricsRegistry } from './metrics';
import { createIdempotentProducer } from './producer';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueGroupId, uniqueNamespace } from './testing';
import { ensureTopics } from './topics';

jest.setTimeout(60_000);

const namespace = uniqueNamespace();
const names = topicNames(namespace);
const logger = createLogger({ service: 'runtime-producer-test', level: 'silent' });
const kafka = createKafka({ clientId: 'runtime-producer-test', brokers: testBrokers(), logger });
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic: names.events, partitions: 2 }]);
});

afterAll(async () => {
  await deleteNamespaceTopics(admin, namespace);
  await admin.disconnect();
});

async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
  const seen: KafkaMessage[] = [];
  const reader = kafka.consumer({ groupId: uniqueGroupId('reader') });
  await reader.connect();
  await reader.subscribe({ topics: [topic], fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      seen.push(message);
    },
  });
  try {
    await eventually(() => seen.length >= count, `${count} messages`);
  } finally {
    await reader.disconnect();
  }
  return seen;
}

/** How many messages the topic holds: exactly what was written, duplicates included. */
async function messagesOnTopic(topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

describe('createIdempotentProducer (real broker)', () => {
  it('batches many small sends, writes each message once, keyed in order', async () => {
    const producer = createIdempotentProducer(kafka, { lingerMs: 20, maxBatchMessages: 50, logger });
    await producer.connect();
    const sends = Array.from({ length: 120 }, (_, i) =>
      producer.send(names.events, [{ key: `k${i % 3}`, value: Buffer.from(String(i)) }]),
    );
    await Promise.all(sends);
    await producer.disconnect();
    expect(await messagesOnTopic(names.events)).toBe(120);
    const seen = await readAll(names.events, 120);
    expect(seen).toHaveLength(120);
    for (const key of ['k0', 'k1', 'k2']) {
      const values = seen.filter((m) => m.key?.toString() === key).map((m) => Number(m.value?.toString()));
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values).toHaveLength(40);
    }
    expect(seen.every((m) => readHeader(m.headers, Headers.producedAt) !== undefined)).toBe(true);
  });

  it('sends one add larger than the broker takes in a request as several requests, in order', async () => {
    await ensureTopics(admin, [{ topic: names.ticks, partitions: 1 }]);
    const producer = createIdempotentProducer(kafka, { logger });
    await producer.connect();
    // 3,000 messages of 1 KiB on one partition: ~3 MB, three times the broker's 1 MB request limit.
    const big = Array.from({ length: 3000 }, (_, i) => ({
      key: 'one',
      value: Buffer.from(String(i).padEnd(1024)),
    }));
    await producer.send(names.ticks, big);
    await producer.disconnect();
    const seen = await readAll(names.ticks, 3000);
    expect(seen.map((m) => Number(m.value?.toString().trim()))).toEqual(big.map((_, i) => i));
  });

  it('rejects a failed send, then carries on with a fresh producer', async () => {
    const registry = createMetricsRegistry('producer-test', { defaultMetrics: false });
    const producer = createIdempotentProducer(kafka, { retries: 1, logger, metrics: registry });
    await producer.connect();
    const before = producer.current();
    await expect(
      producer.send(`${namespace}.does.not.exist`, [{ key: 'x', value: Buffer.from('x') }]),
    ).rejects.toThrow();
    expect(producer.current()).not.toBe(before);
    await producer.send(names.events, [{ key: 'after', value: Buffer.from('after-failure') }]);
    await producer.disconnect();
    const text = await registry.metrics();
    expect(text).toContain('producer_resets_total{service="producer-test"} 1');
    expect(await messagesOnTopic(names.events)).toBe(121);
    const seen = await readAll(names.events, 121);
    expect(seen.some((m) => m.value?.toString() === 'after-failure')).toBe(true);
  });
});
