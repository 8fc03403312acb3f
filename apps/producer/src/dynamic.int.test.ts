import { decode, encode } from '@mdp/contracts/codec';
import { ControlEventSchema, type TopicRecord, TopicRecordSchema } from '@mdp/contracts/control';
import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { Headers } from '@mdp/contracts/headers';
import { PriceTickMessageSchema } from '@mdp/contracts/market-data';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import { eventually } from '@mdp/runtime/testing';
import { ensureTopics } from '@mdp/runtime/topics';
import { type Harness, sleep, startHarness } from './testing/harness';
import { readTopic } from './tools/read-topic';

jest.setTimeout(120_000);

function record(topic: string, spec: DynamicTopicSpec, status: TopicRecord['data']['status']): Buffer {
  const now = new Date().toISOString();
  const envelope = makeEnvelope('TopicRecord', 1, 'coordinator', {
    topic,
    spec,
    status,
    partitions: 1,
    retentionMs: 3_600_000,
    createdAt: now,
    updatedAt: now,
    requestedBy: ['test-app'],
    lastRequestId: null,
    reason: status === 'retiring' ? 'idle' : null,
  });
  const value = encode(TopicRecordSchema, envelope);
  if (!value.ok) throw new Error(value.error.message);
  return value.value;
}

describe('dynamic topics (simulator + real broker)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('a topic appearing in the registry gets matching data within a second (adding a pair it needs) and none after retirement', async () => {
    h = await startHarness({
      sim: { pairs: ['BTC-USD', 'ETH-USD'], tickRate: 5, seed: 9 },
      env: {
        PRODUCER_REST_ENABLED: 'false',
        PRODUCER_CANDLES_ENABLED: 'false',
        PRODUCER_PAIRS: 'BTC-USD,ETH-USD',
        PRODUCER_STREAM_BATCH_MS: '20',
      },
    });
    await h.startProducer();
    const every: DynamicTopicSpec = {
      kind: 'ticks',
      symbols: ['BTC', 'SOL'],
      quote: 'USD',
      market: 'CCCAGG',
      samplingMs: 0,
    };
    const sampled: DynamicTopicSpec = { ...every, symbols: ['BTC'], samplingMs: 1000 };
    const topic = dynamicTopicName(every, h.namespace);
    const sampledTopic = dynamicTopicName(sampled, h.namespace);
    const admin = h.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { topic, partitions: 1 },
      { topic: sampledTopic, partitions: 1 },
    ]);
    await admin.disconnect();

    const producer = h.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: h.topics.registry,
      messages: [
        { key: topic, value: record(topic, every, 'active') },
        { key: sampledTopic, value: record(sampledTopic, sampled, 'active') },
      ],
    });
    const activatedAt = Date.now();
    await eventually(
      async () => (await readTopic(h.kafka, topic)).length > 0,
      'data on the dynamic topic',
      10_000,
    );
    const [first] = await readTopic(h.kafka, topic);
    expect(Number(first?.headers[Headers.producedAt]?.toString()) - activatedAt).toBeLessThan(1_000);
    await eventually(
      async () => (await readTopic(h.kafka, topic)).some((m) => m.key === 'CCCAGG:SOL-USD'),
      'ticks of SOL-USD, a pair only the topic needs',
      15_000,
    );
    await sleep(3_000);

    await producer.send({
      topic: h.topics.registry,
      messages: [
        { key: topic, value: record(topic, every, 'retiring') },
        { key: sampledTopic, value: null },
      ],
    });
    await eventually(
      async () =>
        (await readTopic(h.kafka, h.topics.events)).filter((m) => m.value?.includes('PublishStopped'))
          .length === 2,
      'PublishStopped for both',
      10_000,
    );
    await producer.disconnect();
    const atStop = (await readTopic(h.kafka, topic)).length;
    const sampledAtStop = (await readTopic(h.kafka, sampledTopic)).length;
    await sleep(1_500);
    expect((await readTopic(h.kafka, topic)).length).toBe(atStop);
    expect((await readTopic(h.kafka, sampledTopic)).length).toBe(sampledAtStop);
    // SOL-USD was only fetched for the topic: it is dropped again.
    await eventually(
      async () => (await h.metric('producer_pairs')) === 2,
      'SOL-USD dropped from the fetched pairs',
    );

    const ticks = (await readTopic(h.kafka, topic)).map((m) => decode(PriceTickMessageSchema, m.value));
    expect(
      ticks.every((t) => t.ok && ['BTC', 'SOL'].includes(t.value.data.base) && t.value.data.quote === 'USD'),
    ).toBe(true);
    const events = (await readTopic(h.kafka, h.topics.events)).map((m) =>
      decode(ControlEventSchema, m.value),
    );
    const kinds = events.map((e) =>
      e.ok ? `${e.value.type}:${(e.value.data as { topic: string }).topic}` : 'invalid',
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        `PublishStarted:${topic}`,
        `PublishStarted:${sampledTopic}`,
        `PublishStopped:${topic}`,
        `PublishStopped:${sampledTopic}`,
      ]),
    );

    // Sampling: at most one BTC tick per second window, while the unsampled topic had about five.
    const sampledTicks = (await readTopic(h.kafka, sampledTopic)).length;
    const btcEvery = (await readTopic(h.kafka, topic)).filter((m) => m.key === 'CCCAGG:BTC-USD').length;
    const seconds = (Date.now() - activatedAt) / 1000;
    expect(sampledTicks).toBeGreaterThan(0);
    expect(sampledTicks).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(btcEvery).toBeGreaterThan(sampledTicks * 2);
  });

  it('specs in PRODUCER_DYNAMIC_SPECS are requested on control.requests.v1 at start and published to once active', async () => {
    h = await startHarness({
      sim: { pairs: ['BTC-USD', 'ETH-USD'], tickRate: 4 },
      env: { PRODUCER_REST_ENABLED: 'false', PRODUCER_CANDLES_ENABLED: 'false', PRODUCER_PAIRS: 'BTC-USD' },
    });
    const spec = { kind: 'ticks', symbols: ['ETH', 'btc'], quote: 'USD' };
    await h.startProducer({ PRODUCER_DYNAMIC_SPECS: JSON.stringify([spec]) });
    await eventually(async () => (await readTopic(h.kafka, h.topics.requests)).length === 1, 'the request');
    const [request] = await readTopic(h.kafka, h.topics.requests);
    const body = JSON.parse(request?.value?.toString() ?? '{}');
    const normalized: DynamicTopicSpec = {
      kind: 'ticks',
      symbols: ['BTC', 'ETH'],
      quote: 'USD',
      market: 'CCCAGG',
      samplingMs: 0,
    };
    expect(body).toMatchObject({
      type: 'RequestTopic',
      data: { appId: `producer-${h.namespace}`, spec: normalized },
    });

    // What the coordinator does next: create the topic and mark it active in the registry.
    const topic = dynamicTopicName(normalized, h.namespace);
    const admin = h.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic, partitions: 1 }]);
    await admin.disconnect();
    const producer = h.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: h.topics.registry,
      messages: [{ key: topic, value: record(topic, normalized, 'active') }],
    });
    await producer.disconnect();
    await eventually(
      async () => {
        const keys = new Set((await readTopic(h.kafka, topic)).map((m) => m.key));
        return keys.has('CCCAGG:BTC-USD') && keys.has('CCCAGG:ETH-USD');
      },
      'ticks of both pairs on the requested topic',
      15_000,
    );
  });
});
