import { decode } from './codec';
import { ControlEventSchema, ControlRequestSchema, TopicRecordSchema } from './control';
import { makeEnvelope } from './envelope';

const spec = { kind: 'ticks', symbols: ['BTC', 'ETH'], quote: 'USD', market: 'CCCAGG', samplingMs: 0 };
const now = '2026-11-28T16:00:00.000Z';

const valid = {
  RequestTopic: makeEnvelope('RequestTopic', 1, 'dynamic-gateway', { requestId: 'r1', appId: 'app-1', spec }),
  RetireTopic: makeEnvelope('RetireTopic', 1, 'admin-cli', {
    requestId: 'r2',
    appId: 'ops',
    topic: 'dyn.ticks.usd-cccagg-btc-eth.0123456789abcdef',
    reason: 'no longer needed',
  }),
  TopicRecord: makeEnvelope('TopicRecord', 1, 'coordinator', {
    topic: 'dyn.ticks.usd-cccagg-btc-eth.0123456789abcdef',
    spec,
    status: 'active',
    partitions: 3,
    retentionMs: 86_400_000,
    createdAt: now,
    updatedAt: now,
    requestedBy: ['app-1'],
    lastRequestId: 'r1',
    reason: null,
  }),
  TopicActivated: makeEnvelope('TopicActivated', 1, 'coordinator', {
    requestId: 'r1',
    topic: 'dyn.ticks.usd-cccagg-btc-eth.0123456789abcdef',
    spec,
    partitions: 3,
  }),
  TopicRequestRejected: makeEnvelope('TopicRequestRejected', 1, 'coordinator', {
    requestId: 'r3',
    appId: 'app-1',
    reason: { code: 'quota_app', message: 'app-1 already has 10 topics', issues: [] },
  }),
  TopicRetiring: makeEnvelope('TopicRetiring', 1, 'coordinator', {
    topic: 'dyn.ticks.usd-cccagg-btc-eth.0123456789abcdef',
    reason: 'idle',
    deleteAfter: now,
  }),
  TopicRetired: makeEnvelope('TopicRetired', 1, 'coordinator', { topic: 'dyn.ticks.x.0123456789abcdef' }),
  SubscriberHeartbeat: makeEnvelope('SubscriberHeartbeat', 1, 'dynamic-gateway', {
    gatewayId: 'gw-1',
    intervalMs: 5000,
    topics: [{ topic: 'dyn.ticks.x.0123456789abcdef', subscribers: 2 }],
  }),
  PublishStarted: makeEnvelope('PublishStarted', 1, 'producer', {
    topic: 'dyn.ticks.x.0123456789abcdef',
    producerId: 'p1',
  }),
  PublishStopped: makeEnvelope('PublishStopped', 1, 'producer', {
    topic: 'dyn.ticks.x.0123456789abcdef',
    producerId: 'p1',
    reason: 'retired',
  }),
};

describe('control messages', () => {
  it.each(['RequestTopic', 'RetireTopic'] as const)('%s is a valid request', (type) => {
    const r = decode(ControlRequestSchema, JSON.stringify(valid[type]));
    expect(r.ok && r.value.type).toBe(type);
  });

  it('a registry record is valid', () => {
    expect(decode(TopicRecordSchema, JSON.stringify(valid.TopicRecord)).ok).toBe(true);
  });

  it.each([
    'TopicActivated',
    'TopicRequestRejected',
    'TopicRetiring',
    'TopicRetired',
    'SubscriberHeartbeat',
    'PublishStarted',
    'PublishStopped',
  ] as const)('%s is a valid event', (type) => {
    const r = decode(ControlEventSchema, JSON.stringify(valid[type]));
    expect(r.ok && r.value.type).toBe(type);
  });

  it('keeps a hostile spec inside a request for the coordinator to reject with a reason', () => {
    const msg = { ...valid.RequestTopic, data: { ...valid.RequestTopic.data, spec: { kind: '../../etc' } } };
    expect(decode(ControlRequestSchema, JSON.stringify(msg)).ok).toBe(true);
  });

  it.each([
    ['an unknown message type', { ...valid.RequestTopic, type: 'DropAllTopics' }],
    ['an app id with spaces', { ...valid.RequestTopic, data: { ...valid.RequestTopic.data, appId: 'a b' } }],
    [
      'a 10 kB request id',
      { ...valid.RequestTopic, data: { ...valid.RequestTopic.data, requestId: 'x'.repeat(10_000) } },
    ],
    [
      'a topic name with slashes',
      { ...valid.RetireTopic, data: { ...valid.RetireTopic.data, topic: '../x' } },
    ],
    ['a missing id', { ...valid.RequestTopic, id: undefined }],
    ['a bad timestamp', { ...valid.RequestTopic, at: 'yesterday' }],
  ])('rejects %s', (_name, msg) => {
    expect(decode(ControlRequestSchema, JSON.stringify(msg)).ok).toBe(false);
  });

  it('rejects an unknown rejection code and a record with an unknown status', () => {
    const rejected = valid.TopicRequestRejected;
    const bad = {
      ...rejected,
      data: { ...rejected.data, reason: { ...rejected.data.reason, code: 'because' } },
    };
    expect(decode(ControlEventSchema, JSON.stringify(bad)).ok).toBe(false);
    const record = { ...valid.TopicRecord, data: { ...valid.TopicRecord.data, status: 'zombie' } };
    expect(decode(TopicRecordSchema, JSON.stringify(record)).ok).toBe(false);
  });
});
