import { DlqHeaders } from '@mdp/contracts/headers';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import { describeTopicConfig } from '@mdp/runtime/topics';
import { ConfigResourceTypes, ConfigSource } from 'kafkajs';
import type { CoordinatorApp } from '../app';
import { ControlClient, newNamespace } from '../testing/control-client';
import { startCoordinator } from '../testing/test-app';

jest.setTimeout(90_000);

const ns = newNamespace();
const client = new ControlClient(ns);
let app: CoordinatorApp;

beforeAll(async () => {
  app = await startCoordinator(ns, { QUOTA_MAX_TOPICS_PER_APP: '3', QUOTA_ALLOWED_KINDS: 'ticks' });
  await client.start();
});

afterAll(async () => {
  await app?.stop();
  await client.cleanup();
});

const normalized = (symbols: string[]) => ({
  kind: 'ticks' as const,
  symbols,
  quote: 'USD',
  market: 'CCCAGG',
  samplingMs: 0,
});

describe('coordinator requests against the real broker', () => {
  it('creates the topic with the configured partitions and retention, records it, announces it', async () => {
    const requestId = await client.request({ kind: 'ticks', symbols: ['eth', 'btc'], quote: 'usd' });
    const answer = await client.answer(requestId);
    const topic = dynamicTopicName(normalized(['BTC', 'ETH']), ns);
    expect(answer).toMatchObject({ type: 'TopicActivated', data: { requestId, topic, partitions: 2 } });

    expect(await client.topicExists(topic)).toBe(true);
    const metadata = await client.admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(2);
    const configs = await describeTopicConfig(client.admin, topic, ['retention.ms', 'cleanup.policy']);
    expect(configs).toEqual({ 'retention.ms': '3600000', 'cleanup.policy': 'delete' });
    // KAFKA_REPLICATION_FACTOR's min.insync.replicas is set on the topic itself, not left to the broker.
    const { brokers } = await client.admin.describeCluster();
    const described = await client.admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
      includeSynonyms: false,
    });
    expect(described.resources[0]?.configEntries[0]).toMatchObject({
      configValue: Math.min(3, brokers.length) === 3 ? '2' : '1',
      configSource: ConfigSource.TOPIC_CONFIG,
    });
    expect(metadata.topics[0]?.partitions[0]?.replicas).toHaveLength(Math.min(3, brokers.length));

    const record = await client.record(topic, (r) => r?.status === 'active');
    expect(record).toMatchObject({
      topic,
      status: 'active',
      partitions: 2,
      requestedBy: ['test-app'],
      lastRequestId: requestId,
    });
    // the 'creating' record came first: a crash after the create leaves a trace
    const statuses = client.registry.items.filter((i) => i.key === topic).map((i) => i.record?.data.status);
    expect(statuses).toEqual(['creating', 'active']);
  });

  it('answers duplicate and concurrent requests for one spec with one topic', async () => {
    const spec = { kind: 'ticks', symbols: ['SOL'], quote: 'USD' };
    const ids = await Promise.all([
      client.request(spec, { appId: 'a1' }),
      client.request({ ...spec, symbols: ['sol', 'SOL'] }, { appId: 'a2' }),
      client.request(spec, { appId: 'a3' }),
    ]);
    const replayed = await client.request(spec, { appId: 'a1', requestId: ids[0] });
    const answers = await Promise.all(ids.map((id) => client.answer(id)));
    const topic = dynamicTopicName(normalized(['SOL']), ns);
    for (const a of answers) expect(a).toMatchObject({ type: 'TopicActivated', data: { topic } });
    const record = await client.record(topic, (r) => (r?.requestedBy.length ?? 0) === 3);
    expect(record?.requestedBy.sort()).toEqual(['a1', 'a2', 'a3']);
    // one creation: a single 'creating' write for the topic
    const creating = client.registry.items.filter(
      (i) => i.key === topic && i.record?.data.status === 'creating',
    );
    expect(creating).toHaveLength(1);
    // the replayed request id is ignored (counted), not answered twice
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      client.events.items.filter((e) => e.type === 'TopicActivated' && e.data.requestId === replayed),
    ).toHaveLength(1);
  });

  it('rejects invalid requests with machine-readable reasons', async () => {
    const cases: Array<[unknown, string]> = [
      [{ kind: 'ticks', symbols: ['B/T'], quote: 'USD' }, 'invalid_spec'],
      [{ kind: 'ticks', symbols: ['X'.repeat(10_000)], quote: 'USD' }, 'invalid_spec'],
      [
        { kind: 'ticks', symbols: Array.from({ length: 300 }, (_, i) => `S${i}`), quote: 'USD' },
        'invalid_spec',
      ],
      [{ kind: 'candles.1m', symbols: ['BTC'], quote: 'USD' }, 'kind_not_allowed'],
      [{ kind: 'ticks', symbols: ['BTC'], quote: 'USD', extra: '../../etc/passwd' }, 'invalid_spec'],
    ];
    for (const [spec, code] of cases) {
      const requestId = await client.request(spec);
      const answer = await client.answer(requestId);
      expect(answer).toMatchObject({ type: 'TopicRequestRejected', data: { requestId, reason: { code } } });
      if (answer.type === 'TopicRequestRejected')
        expect(answer.data.reason.message.length).toBeGreaterThan(0);
    }
  });

  it('enforces the per-app quota', async () => {
    const ids = [];
    for (const s of ['Q1', 'Q2', 'Q3', 'Q4'])
      ids.push(await client.request({ kind: 'ticks', symbols: [s], quote: 'EUR' }, { appId: 'greedy' }));
    const answers = await Promise.all(ids.map((id) => client.answer(id)));
    expect(answers.map((a) => a.type)).toEqual([
      'TopicActivated',
      'TopicActivated',
      'TopicActivated',
      'TopicRequestRejected',
    ]);
    expect(answers[3]).toMatchObject({ data: { reason: { code: 'quota_app' } } });
  });

  it('survives garbage: answers what names a request id, dead-letters the rest, creates nothing', async () => {
    const before = (await client.admin.listTopics()).filter((t) => t.startsWith(`${ns}.dyn.`)).length;
    await client.sendRaw('{not json');
    await client.sendRaw(null);
    await client.sendRaw(Buffer.from([0xff, 0xfe, 0x00]));
    await client.sendRaw(
      JSON.stringify({ type: 'DropEverything', version: 1, data: { requestId: 'garbage-1', appId: 'evil' } }),
    );
    await client.sendRaw(JSON.stringify({ type: 'RequestTopic', data: { requestId: 'x'.repeat(10_000) } }));
    for (let i = 0; i < 100; i++) await client.sendRaw(JSON.stringify({ flood: i }));

    const answer = await client.answer('garbage-1');
    expect(answer).toMatchObject({
      type: 'TopicRequestRejected',
      data: { reason: { code: 'invalid_request' }, appId: 'evil' },
    });
    await client.waitFor(client.dlq, () => client.dlq.items.length >= 104);
    const codes = new Set(client.dlq.items.map((d) => d.headers[DlqHeaders.reasonCode]));
    expect(codes).toEqual(new Set(['invalid_json', 'empty', 'invalid_message']));

    // still alive and answering
    const requestId = await client.request({ kind: 'ticks', symbols: ['ADA'], quote: 'USD' });
    expect(await client.answer(requestId)).toMatchObject({ type: 'TopicActivated' });
    const after = (await client.admin.listTopics()).filter((t) => t.startsWith(`${ns}.dyn.`)).length;
    expect(after).toBe(before + 1);
    expect(app.state()).toMatchObject({ role: 'active', state: 'active' });
  });
});
