import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import type { RecordData } from '../tasks';
import { clampRequestTime, type Decision, decideRequest, type PolicyContext, parseRequest } from './policy';

const NOW = Date.parse('2025-01-01T00:10:00Z');
const spec = { kind: 'ticks', symbols: ['eth', 'BTC', 'BTC'], quote: 'usd' };
const normalized: DynamicTopicSpec = {
  kind: 'ticks',
  symbols: ['BTC', 'ETH'],
  quote: 'USD',
  market: 'CCCAGG',
  samplingMs: 0,
};
const topic = dynamicTopicName(normalized, 'ns');

function message(value: unknown): Buffer | null {
  return value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Parse, then decide: what the consumer does for each message. */
function decide(value: Buffer | null, ctx: PolicyContext): Decision | { kind: 'dead-letter'; code: string } {
  const parsed = parseRequest(value);
  return parsed.ok ? decideRequest(parsed.value, ctx) : { kind: 'dead-letter', code: parsed.error.code };
}
const request = (data: Record<string, unknown>, at = new Date(NOW - 1000)) =>
  message(
    makeEnvelope('RequestTopic', 1, 'dynamic-gateway', { requestId: 'r1', appId: 'app1', ...data }, { at }),
  );

function record(overrides: Partial<RecordData> = {}): RecordData {
  return {
    topic,
    spec: normalized,
    status: 'active',
    partitions: 3,
    retentionMs: 60_000,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    requestedBy: ['app0'],
    lastRequestId: null,
    reason: null,
    ...overrides,
  };
}

function context(records: RecordData[] = [], overrides: Partial<PolicyContext> = {}): PolicyContext {
  const map = new Map(records.map((r) => [r.topic, r]));
  return {
    namespace: 'ns',
    quotas: { maxTopics: 3, maxTopicsPerApp: 2, maxSymbols: 10, allowedKinds: ['ticks'] },
    registry: { get: (t) => map.get(t), values: () => map.values() },
    answered: () => false,
    now: NOW,
    maxAgeMs: 3_600_000,
    ...overrides,
  };
}

describe('parseRequest + decideRequest', () => {
  it('creates the topic named by the normalized spec, never by the client', () => {
    const d = decide(request({ spec }), context());
    expect(d).toEqual({
      kind: 'create',
      requestId: 'r1',
      appId: 'app1',
      topic,
      spec: normalized,
      requestedAt: NOW - 1000,
    });
    expect(topic).toMatch(/^ns\.dyn\.ticks\.usd-cccagg-btc-eth\.[0-9a-f]{16}$/);
  });

  it('answers at once for a spec whose topic is active', () => {
    expect(decide(request({ spec }), context([record()]))).toMatchObject({ kind: 'existing', topic });
  });

  it.each(['creating', 'retiring', 'failed'] as const)('re-runs creation for a %s record', (status) => {
    expect(decide(request({ spec }), context([record({ status })])).kind).toBe('create');
  });

  it('rejects invalid specs with field issues', () => {
    const d = decide(
      request({ spec: { kind: 'ticks', symbols: ['B/T'], quote: 'USD', extra: 1 } }),
      context(),
    );
    expect(d).toMatchObject({
      kind: 'reject',
      requestId: 'r1',
      appId: 'app1',
      rejection: { code: 'invalid_spec' },
    });
    if (d.kind !== 'reject') throw new Error();
    expect(d.rejection.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['symbols.0', '(root)']));
  });

  it('rejects hostile strings: 10 kB symbols, hundreds of symbols, unicode, path characters', () => {
    for (const s of [
      { kind: 'ticks', symbols: ['A'.repeat(10_000)], quote: 'USD' },
      { kind: 'ticks', symbols: Array.from({ length: 300 }, (_, i) => `S${i}`), quote: 'USD' },
      { kind: 'ticks', symbols: ['ＢＴＣ'], quote: 'USD' },
      { kind: 'ticks', symbols: ['../../etc'], quote: 'USD' },
      { kind: 'ticks', symbols: ['BTC'], quote: 'USD', market: 'x'.repeat(10_000) },
      'not an object',
      null,
    ]) {
      const d = decide(request({ spec: s }), context());
      expect(d).toMatchObject({ kind: 'reject', rejection: { code: 'invalid_spec' } });
      if (d.kind === 'reject') expect(d.rejection.message.length).toBeLessThanOrEqual(2000);
    }
  });

  it('applies the allowed kinds and the symbol limit', () => {
    const candles = decide(
      request({ spec: { kind: 'candles.1m', symbols: ['BTC'], quote: 'USD' } }),
      context(),
    );
    expect(candles).toMatchObject({ kind: 'reject', rejection: { code: 'kind_not_allowed' } });
    const many = Array.from({ length: 11 }, (_, i) => `S${i}`);
    const tooMany = decide(request({ spec: { kind: 'ticks', symbols: many, quote: 'USD' } }), context());
    expect(tooMany).toMatchObject({ kind: 'reject', rejection: { code: 'invalid_spec' } });
  });

  it('applies the total and per-app quotas to new topics only', () => {
    const others = (app: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        record({ topic: `ns.dyn.ticks.x${app}${i}.0123456789abcdef`, requestedBy: [app] }),
      );
    expect(decide(request({ spec }), context(others('z', 3)))).toMatchObject({
      rejection: { code: 'quota_total' },
    });
    expect(decide(request({ spec }), context(others('app1', 2)))).toMatchObject({
      rejection: { code: 'quota_app' },
    });
    // failed records hold no topic and do not count
    const failed = others('app1', 2).map((r) => ({ ...r, status: 'failed' as const }));
    expect(decide(request({ spec }), context(failed)).kind).toBe('create');
    // joining an active topic is free even at the limit
    expect(decide(request({ spec }), context([...others('app1', 2), record()])).kind).toBe('existing');
  });

  it('ignores a request id that was already answered', () => {
    const d = decide(request({ spec }), context([], { answered: (id) => id === 'r1' }));
    expect(d).toEqual({ kind: 'ignore', requestId: 'r1', type: 'RequestTopic', reason: 'duplicate' });
  });

  it('ignores requests older than the maximum age (a replay after a long outage)', () => {
    const old = request({ spec }, new Date(NOW - 3_600_001));
    expect(decide(old, context())).toMatchObject({ kind: 'ignore', reason: 'stale' });
    expect(decide(request({ spec }, new Date(NOW - 3_600_000)), context()).kind).toBe('create');
  });

  it('answers a request that fails validation when its request id can be read', () => {
    const wrongVersion = { ...JSON.parse(request({ spec })?.toString() ?? '{}'), version: 9 };
    expect(decide(message(wrongVersion), context())).toMatchObject({
      kind: 'reject',
      requestId: 'r1',
      appId: 'app1',
      rejection: { code: 'invalid_request' },
    });
    const unknownType = { type: 'DropAllTopics', data: { requestId: 'r2', appId: '../x' } };
    expect(decide(message(unknownType), context())).toMatchObject({
      kind: 'reject',
      requestId: 'r2',
      appId: null,
    });
  });

  it('dead-letters what cannot be answered, with the reason', () => {
    const cases: [unknown, string][] = [
      [null, 'empty'],
      ['{not json', 'invalid_json'],
      [[1, 2, 3], 'invalid_message'],
      [{ type: 'RequestTopic', data: { requestId: 'x'.repeat(10_000) } }, 'invalid_message'],
      [{ type: 'RequestTopic', data: { requestId: 42 } }, 'invalid_message'],
    ];
    for (const [value, code] of cases) {
      const d = decide(message(value), context());
      expect(d).toEqual({ kind: 'dead-letter', code });
    }
  });

  it('retires a known topic, ignores one already retiring, rejects unknown or foreign names', () => {
    const retire = (t: string) =>
      message(
        makeEnvelope('RetireTopic', 1, 'dynamic-gateway', {
          requestId: 'q1',
          appId: 'ops',
          topic: t,
          reason: 'x',
        }),
      );
    expect(decide(retire(topic), context([record()]))).toMatchObject({ kind: 'retire', topic });
    expect(decide(retire(topic), context([record({ status: 'retiring' })]))).toMatchObject({
      kind: 'ignore',
    });
    expect(decide(retire(topic), context())).toMatchObject({ rejection: { code: 'unknown_topic' } });
    expect(decide(retire('ns.control.topics.v1'), context([record()]))).toMatchObject({
      rejection: { code: 'unknown_topic' },
    });
  });
});

describe('clampRequestTime', () => {
  it('keeps the envelope time within the last hour before receipt', () => {
    expect(clampRequestTime(NOW - 5, NOW)).toBe(NOW - 5);
    expect(clampRequestTime(NOW + 60_000, NOW)).toBe(NOW);
    expect(clampRequestTime(NOW - 86_400_000, NOW)).toBe(NOW - 3_600_000);
    expect(clampRequestTime(Number.NaN, NOW)).toBe(NOW);
  });
});
