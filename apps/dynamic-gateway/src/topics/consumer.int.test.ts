import { createHash } from 'node:crypto';
import { DlqHeaders } from '@mdp/contracts/headers';
import { pairKey } from '@mdp/contracts/keys';
import { topicNames } from '@mdp/contracts/topic-names';
import { readHeader } from '@mdp/runtime/dlq';
import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { createIdempotentProducer } from '@mdp/runtime/producer';
import {
  deleteNamespaceTopics,
  eventually,
  testBrokers,
  uniqueGroupId,
  uniqueNamespace,
} from '@mdp/runtime/testing';
import { ensureTopics } from '@mdp/runtime/topics';
import type { KafkaMessage } from 'kafkajs';
import { type Actor, createActor } from 'xstate';
import { topicReaderMachine } from '../machine';
import { tick, writeTicks } from '../testing/market';
import { createTopicConsumer } from './consumer';
import type { FeedEntry, TopicFeed } from './feed';

jest.setTimeout(60_000);

const namespace = uniqueNamespace('gw');
const names = topicNames(namespace);
const topic = `${namespace}.dyn.poison`;
const dlqTopic = names.dlq('dynamic-gateway');
const logger = createLogger({ service: 'gw-poison-test', level: 'silent' });
const kafka = createKafka({ clientId: 'gw-poison-test', brokers: testBrokers(), logger });
const admin = kafka.admin();
const producer = kafka.producer();
let reader: Actor<typeof topicReaderMachine> | undefined;
/** The reader's disconnects, awaited before the topics go (a live fetch would outlive the test). */
const closing: Promise<void>[] = [];

/** The part of a feed the reader writes to, recorded (the ring itself is tested elsewhere). */
function recordingFeed() {
  const entries: FeedEntry[] = [];
  const next: number[] = [];
  const feed = {
    topic,
    append: (batch: readonly FeedEntry[]) => entries.push(...batch),
    advance: (partition: number, offset: number) => {
      next[partition] = offset;
    },
    nextPosition: () => [...next],
    resumePosition: () => [0],
    skipExpired: () => undefined,
    markLive: () => undefined,
  };
  return { entries, next, feed: feed as unknown as TopicFeed };
}

async function readAll(count: number): Promise<KafkaMessage[]> {
  const seen: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: uniqueGroupId('dlq-reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(message);
    },
  });
  try {
    await eventually(() => seen.length >= count, `${count} DLQ records`);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  await ensureTopics(admin, [
    { topic, partitions: 1 },
    // The gateway's DLQ accepts far less than the topic: a copy of the huge message cannot fit.
    { topic: dlqTopic, partitions: 1, configs: { 'max.message.bytes': '20000' } },
  ]);
});

afterAll(async () => {
  reader?.stop();
  await Promise.allSettled(closing);
  await deleteNamespaceTopics(admin, namespace);
  await producer.disconnect();
  await admin.disconnect();
});

describe('the topic reader with a message too large for the DLQ (real broker)', () => {
  it('dead-letters an excerpt with source, size and hash, and forwards the valid messages around it', async () => {
    const { entries, next, feed } = recordingFeed();
    const dlqProducer = createIdempotentProducer(kafka, { logger });
    await dlqProducer.connect();
    const huge = Buffer.alloc(300_000, '[');
    const key = pairKey(tick('PSN', 0));
    await writeTicks(producer, topic, [tick('PSN', 0)]);
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key, value: huge },
        { key, value: 'not json' },
      ],
    });
    await writeTicks(producer, topic, [tick('PSN', 3)]);
    const failures: string[] = [];
    reader = createActor(
      topicReaderMachine.provide({
        actors: {
          topicConsumer: createTopicConsumer({
            kafka,
            admin,
            app: 'dynamic-gateway',
            lookup: () => ({ feed, kind: 'ticks' }),
            sendToDlq: (messages) => dlqProducer.send(dlqTopic, messages),
            groupIdPrefix: uniqueGroupId('gw-reader'),
            fetchMaxWaitMs: 100,
            logger,
            track: (c) => closing.push(c),
          }),
        },
      }),
      { input: { topic, retry: { baseMs: 100, maxMs: 500, maxAttempts: 0 } } },
    );
    reader.subscribe((s) => {
      if (s.matches('error')) failures.push(String(s.context.error));
    });
    reader.start();
    reader.send({ type: 'SUBSCRIBE_TO_TOPIC' });
    try {
      await eventually(() => next[0] === 4, 'the reader past all four messages');
      expect(entries.map((e) => e.offset)).toEqual([0, 3]);
      expect(failures).toEqual([]);
      const dlq = await readAll(2);
      const poison = dlq.find((m) => readHeader(m.headers, DlqHeaders.sourceOffset) === '1');
      const header = (name: string) => readHeader(poison?.headers, name);
      expect(header(DlqHeaders.sourceTopic)).toBe(topic);
      expect(header(DlqHeaders.sourcePartition)).toBe('0');
      expect(header(DlqHeaders.reasonCode)).toBe('invalid_json');
      expect(header(DlqHeaders.form)).toBe('excerpt');
      expect(header(DlqHeaders.originalBytes)).toBe('300000');
      expect(header(DlqHeaders.originalSha256)).toBe(createHash('sha256').update(huge).digest('hex'));
      expect(poison?.value?.length).toBeLessThanOrEqual(4096);
      const invalid = dlq.find((m) => readHeader(m.headers, DlqHeaders.sourceOffset) === '2');
      expect(invalid?.value?.toString()).toBe('not json');
    } finally {
      reader.stop();
      await Promise.allSettled(closing);
      await dlqProducer.disconnect();
    }
  });
});
