import { decode, encode } from '@mdp/contracts/codec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { DlqHeaders, Headers } from '@mdp/contracts/headers';
import { pairKey } from '@mdp/contracts/keys';
import { type PriceTick, type PriceTickMessage, PriceTickMessageSchema } from '@mdp/contracts/market-data';
import { topicNames } from '@mdp/contracts/topic-names';
import type { Admin, IHeaders, KafkaMessage } from 'kafkajs';
import type { ConsumedMessage } from './batch-handler';
import { createValidatedConsumer, runValidatedConsumer, type ValidatedConsumer } from './consumer';
import { readHeader } from './dlq';
import { createKafka } from './kafka-client';
import { createLogger } from './logger';
import { createMetricsRegistry } from './metrics';
import type { OutgoingMessage } from './outgoing-message';
import { createIdempotentProducer, type IdempotentProducer } from './producer';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueGroupId, uniqueNamespace } from './testing';
import { ensureTopics } from './topics';
import { parseTraceparent } from './trace';

jest.setTimeout(90_000);

const APP = 'runtime-test';
const namespace = uniqueNamespace();
const names = topicNames(namespace);
const dlqTopic = names.dlq(APP);
const logger = createLogger({ service: APP, level: 'warn' });
const kafka = createKafka({ clientId: APP, brokers: testBrokers(), logger });
const registry = createMetricsRegistry(APP, { defaultMetrics: false });
const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const decodeTick = (value: Buffer | null) => decode(PriceTickMessageSchema, value);

let admin: Admin;
let producer: IdempotentProducer;
const consumers: ValidatedConsumer[] = [];

function tick(base: string, i: number): PriceTick {
  const optional = {
    lastVolume: null,
    lastVolumeTo: null,
    volumeDay: null,
    volumeDayTo: null,
    volume24h: null,
  };
  const more = {
    volume24hTo: null,
    openDay: null,
    highDay: null,
    lowDay: null,
    open24h: null,
    high24h: null,
  };
  const rest = { low24h: null, bid: null, ask: null, median: null, flags: null };
  return {
    market: 'CCCAGG',
    base,
    quote: 'USD',
    price: 100 + i,
    ts: 1_700_000_000_000 + i * 1000,
    tradeId: String(i),
    ...optional,
    ...more,
    ...rest,
    origin: 'replay',
  };
}

function tickMessage(t: PriceTick, traceparent?: string): OutgoingMessage {
  const encoded = encode(PriceTickMessageSchema, makeEnvelope('PriceTick', 1, APP, t));
  if (!encoded.ok) throw new Error(encoded.error.message);
  return {
    key: pairKey(t),
    value: encoded.value,
    type: 'PriceTick',
    ...(traceparent ? { traceparent } : {}),
  };
}

/** Reads a whole topic from the start with a plain kafkajs consumer (no helper under test). */
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
    await eventually(() => seen.length >= count, `${count} messages on ${topic}`);
  } finally {
    await reader.disconnect();
  }
  return seen;
}

async function committedTotal(groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [
    { topic: names.ticks, partitions: 3 },
    { topic: dlqTopic, partitions: 1 },
  ]);
  producer = createIdempotentProducer(kafka, { metrics: registry });
  await producer.connect();
});

afterAll(async () => {
  for (const c of consumers) await c.stop();
  await producer?.disconnect();
  await deleteNamespaceTopics(admin, namespace);
  await admin.disconnect();
});

describe('produce, consume with a group, reject to the DLQ (real broker)', () => {
  const pairs = ['BTC', 'ETH', 'SOL', 'ADA'];
  const sent = pairs.flatMap((base) => [0, 1, 2, 3, 4].map((i) => tick(base, i)));
  const groupId = uniqueGroupId('ticks-sink');
  const received: Array<ConsumedMessage<PriceTickMessage>> = [];

  it('produces validated messages with the idempotent producer', async () => {
    const [first, ...rest] = sent;
    await Promise.all([
      producer.send(names.ticks, [tickMessage(first as PriceTick, TRACE)]),
      producer.send(
        names.ticks,
        rest.map((t) => tickMessage(t)),
      ),
    ]);
    expect(producer.pending()).toBe(0);
    const metrics = await registry.metrics();
    expect(metrics).toContain(`producer_messages_total{topic="${names.ticks}",service="${APP}"} 20`);
  });

  it('puts rejected messages on the topic too (they come from a careless writer)', async () => {
    const careless = kafka.producer();
    await careless.connect();
    await careless.send({
      topic: names.ticks,
      messages: [
        { key: 'bad-json', value: 'not json {', headers: { [Headers.traceparent]: TRACE } },
        { key: 'bad-schema', value: JSON.stringify({ type: 'PriceTick', version: 1, data: { price: -1 } }) },
      ],
    });
    await careless.disconnect();
  });

  it('consumes the valid ones with a consumer group, in order per key, and commits', async () => {
    consumers.push(
      await runValidatedConsumer({
        kafka,
        groupId,
        topics: [names.ticks],
        fromBeginning: true,
        decode: decodeTick,
        dlqTopic,
        app: APP,
        logger,
        metrics: registry,
        handleBatch: async (valid) => {
          received.push(...valid);
        },
      }),
    );
    await eventually(() => received.length >= sent.length, 'all valid ticks');
    expect(received).toHaveLength(sent.length);
    for (const base of pairs) {
      const prices = received.filter((r) => r.value.data.base === base).map((r) => r.value.data.price);
      expect(prices).toEqual([100, 101, 102, 103, 104]);
    }
    const firstBtc = received.find((r) => r.key === 'CCCAGG:BTC-USD' && r.value.data.price === 100);
    expect(parseTraceparent(readHeader(firstBtc?.headers, Headers.traceparent))?.traceId).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    for (const r of received) {
      expect(Number(readHeader(r.headers, Headers.producedAt))).toBeGreaterThan(1_700_000_000_000);
      expect(readHeader(r.headers, Headers.messageType)).toBe('PriceTick');
    }
    const total = sent.length + 2;
    await eventually(async () => (await committedTotal(groupId, names.ticks)) === total, 'offsets committed');
    const committed = await committedTotal(groupId, names.ticks);
    expect(committed).toBe(total);
  });

  it('finds the invalid messages on the DLQ with their reason headers', async () => {
    const dlq = await readAll(dlqTopic, 2);
    const byKey = Object.fromEntries(dlq.map((m) => [m.key?.toString(), m]));
    const header = (m: KafkaMessage | undefined, name: string) => readHeader(m?.headers as IHeaders, name);
    const badJson = byKey['bad-json'];
    expect(badJson?.value?.toString()).toBe('not json {');
    expect(header(badJson, DlqHeaders.reasonCode)).toBe('invalid_json');
    expect(header(badJson, DlqHeaders.reason)).toMatch(/^not JSON/);
    expect(header(badJson, DlqHeaders.sourceTopic)).toBe(names.ticks);
    expect(Number(header(badJson, DlqHeaders.sourcePartition))).toBeGreaterThanOrEqual(0);
    expect(Number(header(badJson, DlqHeaders.sourceOffset))).toBeGreaterThanOrEqual(0);
    expect(header(badJson, DlqHeaders.app)).toBe(APP);
    expect(new Date(String(header(badJson, DlqHeaders.failedAt))).getTime()).not.toBeNaN();
    expect(parseTraceparent(header(badJson, Headers.traceparent))?.traceId).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    const badSchema = byKey['bad-schema'];
    expect(header(badSchema, DlqHeaders.reasonCode)).toBe('invalid_message');
    expect(header(badSchema, DlqHeaders.reason)).toContain('data.price');
    const metrics = await registry.metrics();
    expect(metrics).toContain(
      `consumer_dlq_messages_total{topic="${names.ticks}",reason_code="invalid_json",service="${APP}"} 1`,
    );
  });

  it('replays a batch whose handler failed: nothing is lost', async () => {
    const more = [tick('XRP', 0), tick('XRP', 1), tick('XRP', 2)];
    const failingGroup = uniqueGroupId('flaky-sink');
    const seen: number[] = [];
    let failures = 0;
    const flaky = createValidatedConsumer({
      kafka,
      groupId: failingGroup,
      topics: [names.ticks],
      fromBeginning: true,
      decode: decodeTick,
      dlqTopic,
      app: `${APP}-flaky`,
      logger: createLogger({ service: APP, level: 'silent' }),
      consumerConfig: { retry: { initialRetryTime: 100, retries: 5 } },
      handleBatch: async (valid) => {
        if (valid.some((v) => v.value.data.base === 'XRP') && failures < 2) {
          failures++;
          throw new Error('database down');
        }
        seen.push(...valid.filter((v) => v.value.data.base === 'XRP').map((v) => v.value.data.price));
      },
    });
    consumers.push(flaky);
    await flaky.start();
    await producer.send(
      names.ticks,
      more.map((t) => tickMessage(t)),
    );
    await eventually(() => seen.length >= 3, 'the XRP ticks after the failures');
    expect(failures).toBe(2);
    expect(seen).toEqual([100, 101, 102]);
  });
});
