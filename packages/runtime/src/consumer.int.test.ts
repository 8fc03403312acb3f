import { err, ok } from '@mdp/contracts/result';
import { topicNames } from '@mdp/contracts/topic-names';
import type { Admin } from 'kafkajs';
import { createValidatedConsumer, type ValidatedConsumer } from './consumer';
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
let admin: Admin;
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
