import { decode, encode } from '@mdp/contracts/codec';
import { type TopicRecord, TopicRecordSchema } from '@mdp/contracts/control';
import { normalizeSpec } from '@mdp/contracts/dynamic-spec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { dynamicTopicName, topicNames } from '@mdp/contracts/topic-names';
import type { Admin } from 'kafkajs';
import { createKafka } from './kafka-client';
import { createLogger } from './logger';
import type { OutgoingMessage } from './outgoing-message';
import { createIdempotentProducer, type IdempotentProducer } from './producer';
import { createRegistryReader, type RegistryReader } from './registry-reader';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueNamespace } from './testing';
import { ensureTopics } from './topics';

jest.setTimeout(60_000);

const namespace = uniqueNamespace();
const names = topicNames(namespace);
const logger = createLogger({ service: 'runtime-registry-test', level: 'warn' });
const kafka = createKafka({ clientId: 'runtime-registry-test', brokers: testBrokers(), logger });
let admin: Admin;
let producer: IdempotentProducer;
let reader: RegistryReader<TopicRecord> | undefined;

function record(symbol: string, status: TopicRecord['data']['status']): OutgoingMessage {
  const spec = normalizeSpec({ kind: 'ticks', symbols: [symbol], quote: 'USD' });
  if (!spec.ok) throw new Error('bad spec');
  const topic = dynamicTopicName(spec.value, namespace);
  const at = new Date().toISOString();
  const data = {
    topic,
    spec: spec.value,
    status,
    partitions: 1,
    retentionMs: 3_600_000,
    createdAt: at,
    updatedAt: at,
    requestedBy: ['app-1'],
    lastRequestId: null,
    reason: null,
  };
  const encoded = encode(TopicRecordSchema, makeEnvelope('TopicRecord', 1, 'coordinator', data));
  if (!encoded.ok) throw new Error(encoded.error.message);
  return { key: topic, value: encoded.value, type: 'TopicRecord' };
}

const keyOf = (m: OutgoingMessage) => String(m.key);
const tombstone = (m: OutgoingMessage): OutgoingMessage => ({ key: m.key, value: null });

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic: names.registry, partitions: 2, compacted: true }]);
  producer = createIdempotentProducer(kafka, { logger });
  await producer.connect();
});

afterAll(async () => {
  await reader?.stop();
  await producer.disconnect();
  await deleteNamespaceTopics(admin, namespace);
  await admin.disconnect();
});

describe('createRegistryReader (real broker)', () => {
  const btc = record('BTC', 'creating');
  const btcActive = record('BTC', 'active');
  const eth = record('ETH', 'active');
  const sol = record('SOL', 'active');
  const changes: Array<{ key: string; status: string | null; replay: boolean }> = [];
  const invalid: Array<string | null> = [];

  it('rebuilds the table from the start, applying updates and tombstones', async () => {
    await producer.send(names.registry, [btc, eth, sol]);
    await producer.send(names.registry, [btcActive, tombstone(eth)]);
    await producer.send(names.registry, [{ key: 'garbage', value: Buffer.from('{"type":"TopicRecord"}') }]);
    reader = createRegistryReader({
      kafka,
      topic: names.registry,
      decode: (value) => decode(TopicRecordSchema, value),
      logger,
      onChange: (key, value, change) =>
        changes.push({ key, status: value?.data.status ?? null, replay: change.replay }),
      onInvalid: (key) => invalid.push(key),
    });
    await reader.start();
    await reader.waitUntilCaughtUp(30_000);
    expect(reader.isCaughtUp()).toBe(true);
    expect([...reader.entries().keys()].sort()).toEqual([keyOf(btc), keyOf(sol)].sort());
    expect(reader.get(keyOf(btc))?.data.status).toBe('active');
    expect(reader.get(keyOf(eth))).toBeUndefined();
    expect(invalid).toEqual(['garbage']);
    expect(changes.filter((c) => c.key === keyOf(eth)).map((c) => c.status)).toEqual(['active', null]);
    expect(changes.every((c) => c.replay)).toBe(true);
  });

  it('keeps following new records after catching up', async () => {
    const ada = record('ADA', 'active');
    await producer.send(names.registry, [ada, tombstone(sol)]);
    await eventually(
      () => reader?.get(keyOf(ada)) !== undefined && reader.get(keyOf(sol)) === undefined,
      'live updates',
    );
    const live = changes.filter((c) => !c.replay);
    expect(live).toEqual(
      expect.arrayContaining([
        { key: keyOf(ada), status: 'active', replay: false },
        { key: keyOf(sol), status: null, replay: false },
      ]),
    );
  });

  it('commits nothing and removes its group on stop', async () => {
    const groupsBefore = (await admin.listGroups()).groups.map((g) => g.groupId);
    const mine = groupsBefore.filter((g) => g.startsWith('registry-reader-'));
    expect(mine.length).toBeGreaterThan(0);
    await reader?.stop();
    reader = undefined;
    const groupsAfter = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(groupsAfter.filter((g) => mine.includes(g))).toEqual([]);
  });

  it('is caught up at once on an empty topic', async () => {
    await ensureTopics(admin, [{ topic: names.events, partitions: 1, compacted: true }]);
    const empty = createRegistryReader({
      kafka,
      topic: names.events,
      decode: (value) => decode(TopicRecordSchema, value),
      logger,
    });
    try {
      await empty.start();
      await empty.waitUntilCaughtUp(5000);
      expect(empty.entries().size).toBe(0);
    } finally {
      await empty.stop();
    }
  });
});

describe('createRegistryReader with hostile records (real broker)', () => {
  it('skips what it cannot read, survives a throwing listener, and catches up', async () => {
    const topic = `${namespace}.hostile`;
    await ensureTopics(admin, [{ topic, partitions: 1, compacted: true }]);
    const [a, b, c] = [record('AAA', 'active'), record('BBB', 'active'), record('CCC', 'active')];
    await producer.send(topic, [
      a,
      { key: 'huge', value: Buffer.alloc(900_000, '{') },
      { key: 'proto', value: Buffer.from('{"__proto__":{"polluted":true},"type":"TopicRecord"}') },
      { key: 'boom', value: Buffer.from('boom') },
      b,
      c,
    ]);
    const invalid: Array<string | null> = [];
    const hostile = createRegistryReader<TopicRecord>({
      kafka,
      topic,
      decode: (value) => {
        if (value.toString() === 'boom') throw new Error('decoder bug');
        return decode(TopicRecordSchema, value);
      },
      logger: createLogger({ service: 'runtime-registry-test', level: 'silent' }),
      onChange: (key) => {
        if (key === keyOf(b)) throw new Error('listener bug');
      },
      onInvalid: (key) => invalid.push(key),
    });
    try {
      await hostile.start();
      await hostile.waitUntilCaughtUp(30_000);
      expect([...hostile.entries().keys()].sort()).toEqual([keyOf(a), keyOf(b), keyOf(c)].sort());
      // (A compacted topic refuses a record without a key: the broker keeps those out.)
      expect(invalid).toEqual(['huge', 'proto', 'boom']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    } finally {
      await hostile.stop();
    }
  });
});
