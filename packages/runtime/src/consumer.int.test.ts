import { createHash } from 'node:crypto';
import { DlqHeaders } from '@mdp/contracts/headers';
import { err, ok } from '@mdp/contracts/result';
import { topicNames } from '@mdp/contracts/topic-names';
import type { Admin, KafkaMessage } from 'kafkajs';
import { createValidatedConsumer, type ValidatedConsumer } from './consumer';
import { readHeader } from './dlq';
import { createKafka } from './kafka-client';
import { createLogger } from './logger';
import { createIdempotentProducer, type IdempotentProducer } from './producer';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueGroupId, uniqueNamespace } from './testing';
import { ensureTopics } from './topics';

jest.setTimeout(60_000);

const namespace = uniqueNamespace();
const names = topicNames(namespace);
const logger = createLogger({ service: 'runtime-consumer-test', level: 'silent' });
const kafka = createKafka({ clientId: 'runtime-consumer-test', brokers: testBrokers(), logger });
const decodeNumber = (value: Buffer | null) => {
  const n = Number(value?.toString());
  return Number.isInteger(n) ? ok(n) : err({ code: 'not_a_number', message: 'not an integer' });
};
const poisonTopic = `${namespace}.poison`;
const smallDlq = `${namespace}.small-dlq`;
const bigTopic = `${namespace}.big`;
let admin: Admin;

/** Every message of a topic, read from the beginning until `count` arrived. */
async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
  const seen: KafkaMessage[] = [];
  const reader = kafka.consumer({ groupId: uniqueGroupId('dlq-reader'), maxWaitTimeInMs: 200 });
  await reader.connect();
  await reader.subscribe({ topics: [topic], fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      seen.push(message);
    },
  });
  try {
    await eventually(() => seen.length >= count, `${count} messages on ${topic}`);
  } finally {
    await reader.disconnect();
  }
  return seen;
}
let producer: IdempotentProducer;
const running: ValidatedConsumer[] = [];

function consumer(
  groupId: string,
  handle: Parameters<typeof createValidatedConsumer<number>>[0]['handleBatch'],
) {
  const c = createValidatedConsumer<number>({
    kafka,
    groupId,
    topics: [names.ticks],
    fromBeginning: true,
    decode: decodeNumber,
    dlqTopic: names.dlq('consumer-test'),
    app: 'consumer-test',
    logger,
    dlqProducer: producer,
    handleBatch: handle,
  });
  running.push(c);
  return c;
}

const values = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => ({ key: 'k', value: Buffer.from(String(from + i)) }));

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [
    { topic: names.ticks, partitions: 1 },
    { topic: names.dlq('consumer-test'), partitions: 1 },
    { topic: poisonTopic, partitions: 1 },
    // A source topic that accepts more than the DLQ's default 1 MiB.
    { topic: bigTopic, partitions: 1, configs: { 'max.message.bytes': String(4 * 1_048_576) } },
    // A DLQ that accepts far less than the source topic: a copy of the huge message cannot fit.
    { topic: smallDlq, partitions: 1, configs: { 'max.message.bytes': '20000' } },
  ]);
  producer = createIdempotentProducer(kafka, { logger });
  await producer.connect();
});

afterAll(async () => {
  for (const c of running) await c.stop();
  await producer.disconnect();
  await deleteNamespaceTopics(admin, namespace);
  await admin.disconnect();
});

describe('createValidatedConsumer (real broker)', () => {
  it("pauses on 'retry' and gets the same chunk again after resume", async () => {
    await producer.send(names.ticks, values(0, 5));
    const attempts: number[][] = [];
    const c = consumer(uniqueGroupId('pausing'), async (valid, ctx) => {
      attempts.push(valid.map((v) => v.value));
      if (attempts.length === 1) {
        const resume = ctx.pause();
        setTimeout(resume, 300);
        return 'retry';
      }
      return undefined;
    });
    await c.start();
    await eventually(() => attempts.length >= 2, 'the retried chunk');
    expect(attempts[0]).toEqual([0, 1, 2, 3, 4]);
    expect(attempts[1]).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops after committing what it handled; the next member continues from there', async () => {
    const groupId = uniqueGroupId('handover');
    const first: number[] = [];
    const c1 = consumer(groupId, async (valid) => {
      first.push(...valid.map((v) => v.value));
    });
    await c1.start();
    await eventually(() => first.length >= 5, 'the first member to read');
    await c1.stop();
    await producer.send(names.ticks, values(5, 8));
    const second: number[] = [];
    const c2 = consumer(groupId, async (valid) => {
      second.push(...valid.map((v) => v.value));
    });
    await c2.start();
    await eventually(() => second.length >= 3, 'the second member to read');
    expect(first).toEqual([0, 1, 2, 3, 4]);
    expect(second).toEqual([5, 6, 7]);
  });
});

describe('a message too large for the DLQ (real broker)', () => {
  it('goes to the DLQ as a bounded excerpt and the partition moves on', async () => {
    const huge = Buffer.alloc(200_000, 'z');
    await producer.send(poisonTopic, [
      { key: 'k', value: Buffer.from('1') },
      { key: 'k', value: huge },
      { key: 'k', value: Buffer.from('not a number') },
      {
        key: 'k',
        value: Buffer.from('bad headers'),
        traceparent: 'not a traceparent',
        headers: { big: Buffer.alloc(30_000, 'h') },
      },
      { key: 'k', value: Buffer.from('2') },
    ]);
    const groupId = uniqueGroupId('poison');
    const handled: number[] = [];
    const c = createValidatedConsumer<number>({
      kafka,
      groupId,
      topics: [poisonTopic],
      fromBeginning: true,
      decode: decodeNumber,
      dlqTopic: smallDlq,
      app: 'consumer-test',
      logger,
      dlqProducer: producer,
      // One message a chunk: the huge one shares no DLQ send with the small one.
      maxBatchMessages: 1,
      handleBatch: async (valid) => {
        handled.push(...valid.map((v) => v.value));
        return undefined;
      },
    });
    running.push(c);
    await c.start();
    await eventually(() => handled.length >= 2, 'both valid messages handled');
    expect(handled).toEqual([1, 2]);
    const dlq = await readAll(smallDlq, 3);
    const poison = dlq.find((m) => readHeader(m.headers, DlqHeaders.sourceOffset) === '1');
    expect(poison?.value?.length).toBeLessThanOrEqual(4096);
    expect(poison?.value?.toString()).toBe('z'.repeat(poison?.value?.length ?? 0));
    const header = (name: string) => readHeader(poison?.headers, name);
    expect(header(DlqHeaders.sourceTopic)).toBe(poisonTopic);
    expect(header(DlqHeaders.sourcePartition)).toBe('0');
    expect(header(DlqHeaders.reasonCode)).toBe('not_a_number');
    expect(header(DlqHeaders.form)).toBe('excerpt');
    expect(header(DlqHeaders.originalBytes)).toBe('200000');
    expect(header(DlqHeaders.originalSha256)).toBe(createHash('sha256').update(huge).digest('hex'));
    const invalid = dlq.find((m) => readHeader(m.headers, DlqHeaders.sourceOffset) === '2');
    expect(invalid?.value?.toString()).toBe('not a number');
    const badHeaders = dlq.find((m) => readHeader(m.headers, DlqHeaders.sourceOffset) === '3');
    expect(badHeaders?.value?.toString()).toBe('bad headers');
    expect(readHeader(badHeaders?.headers, DlqHeaders.form)).toBe('excerpt');
    expect(badHeaders?.headers?.big).toBeUndefined();
    await eventually(async () => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [poisonTopic] });
      return offsets?.partitions[0]?.offset === '5';
    }, 'the committed offset past the poison message');
  });

  it('sends a message over the 1 MiB default as an excerpt to a default DLQ topic, without a refusal', async () => {
    const huge = Buffer.alloc(2 * 1_048_576, 'q');
    await producer.send(bigTopic, [
      { key: 'k', value: Buffer.from('3') },
      { key: 'k', value: huge },
      { key: 'k', value: Buffer.from('4') },
    ]);
    const dlqTopic = names.dlq('consumer-test');
    const groupId = uniqueGroupId('big');
    const handled: number[] = [];
    const c = createValidatedConsumer<number>({
      kafka,
      groupId,
      topics: [bigTopic],
      fromBeginning: true,
      decode: decodeNumber,
      dlqTopic,
      app: 'consumer-test',
      logger,
      dlqProducer: producer,
      handleBatch: async (valid) => {
        handled.push(...valid.map((v) => v.value));
        return undefined;
      },
    });
    running.push(c);
    await c.start();
    await eventually(() => handled.length >= 2, 'both valid messages handled');
    expect(handled).toEqual([3, 4]);
    const dlq = await readAll(dlqTopic, 1);
    const poison = dlq.find((m) => readHeader(m.headers, DlqHeaders.sourceTopic) === bigTopic);
    expect(readHeader(poison?.headers, DlqHeaders.form)).toBe('excerpt');
    expect(readHeader(poison?.headers, DlqHeaders.originalBytes)).toBe(String(huge.length));
    expect(readHeader(poison?.headers, DlqHeaders.sourceOffset)).toBe('1');
    expect(poison?.value).toEqual(huge.subarray(0, 4096));
    await eventually(async () => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [bigTopic] });
      return offsets?.partitions[0]?.offset === '3';
    }, 'the committed offset past the poison message');
  });
});
