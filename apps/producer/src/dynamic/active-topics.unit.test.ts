import type { TopicRecord } from '@mdp/contracts/control';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import { activeTopics, decodeTopicRecord } from './active-topics';

const spec = { kind: 'ticks' as const, symbols: ['BTC'], quote: 'USD', market: 'CCCAGG', samplingMs: 0 };
const ns = 't-ns';
const topic = dynamicTopicName(spec, ns);
const record = (status: TopicRecord['data']['status'], t = topic): TopicRecord =>
  makeEnvelope('TopicRecord', 1, 'coordinator', {
    topic: t,
    spec,
    status,
    partitions: 1,
    retentionMs: 3_600_000,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    requestedBy: ['app'],
    lastRequestId: null,
    reason: null,
  });

describe('activeTopics', () => {
  it('keeps active records of this namespace only', () => {
    const other = dynamicTopicName(spec, 't-other');
    const records = new Map([
      [topic, record('active')],
      [other, record('active', other)],
    ]);
    expect([...activeTopics(records, ns).keys()]).toEqual([topic]);
    expect(activeTopics(new Map([[topic, record('retiring')]]), ns).size).toBe(0);
    expect(activeTopics(new Map([[topic, record('creating')]]), ns).size).toBe(0);
  });

  it('decodeTopicRecord validates and gives a reason', () => {
    expect(decodeTopicRecord(Buffer.from(JSON.stringify(record('active')))).ok).toBe(true);
    const bad = decodeTopicRecord(Buffer.from('{"type":"TopicRecord"}'));
    expect(!bad.ok && bad.error.code).toBe('invalid_message');
    const value = Buffer.from(JSON.stringify(record('active')));
    expect(decodeTopicRecord(value, { key: Buffer.from(topic) }).ok).toBe(true);
    const wrong = decodeTopicRecord(value, { key: Buffer.from('another') });
    expect(!wrong.ok && wrong.error.code).toBe('wrong_key');
  });
});
