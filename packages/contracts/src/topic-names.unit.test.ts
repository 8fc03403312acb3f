import { normalizeSpec, specMatches } from './dynamic-spec';
import { pairKey, tickIdentity } from './keys';
import {
  DEFAULT_TOPICS,
  dynamicTopicName,
  isDynamicTopic,
  topicMetricLabel,
  topicNames,
} from './topic-names';

const CHARSET = /^[a-z0-9._-]+$/;

function nameOf(input: unknown, namespace = ''): string {
  const spec = normalizeSpec(input);
  if (!spec.ok) throw new Error(spec.error.message);
  return dynamicTopicName(spec.value, namespace);
}

describe('fixed topic names', () => {
  it('has the names of the design', () => {
    expect(DEFAULT_TOPICS).toMatchObject({
      ticks: 'market.ticks.v1',
      candles1m: 'market.candles.1m.v1',
      requests: 'control.requests.v1',
      registry: 'control.topics.v1',
      events: 'control.events.v1',
      dynamicPrefix: 'dyn.',
    });
    expect(DEFAULT_TOPICS.dlq('fixed-sink')).toBe('dlq.fixed-sink.v1');
  });

  it('prefixes every topic with a namespace', () => {
    const t = topicNames('t-42');
    expect(t.ticks).toBe('t-42.market.ticks.v1');
    expect(t.dlq('Fixed Sink/../x')).toBe('t-42.dlq.fixed-sink-x.v1');
    expect(() => topicNames('../etc')).toThrow('invalid topic namespace');
  });
});

describe('dynamic topic names', () => {
  const spec = { kind: 'ticks', symbols: ['BTC', 'ETH'], quote: 'USD' };

  it('gives the same name to the same spec however it is spelled', () => {
    const a = nameOf(spec);
    expect(
      nameOf({
        kind: 'ticks',
        symbols: ['eth', ' btc', 'ETH', 'BTC'],
        quote: 'usd',
        market: 'cccagg',
        samplingMs: 0,
      }),
    ).toBe(a);
    expect(a).toMatch(/^dyn\.ticks\.usd-cccagg-btc-eth\.[0-9a-f]{16}$/);
    expect(isDynamicTopic(a)).toBe(true);
  });

  it('gives different names to different specs', () => {
    const names = new Set([
      nameOf(spec),
      nameOf({ ...spec, symbols: ['BTC'] }),
      nameOf({ ...spec, quote: 'EUR' }),
      nameOf({ ...spec, market: 'Coinbase' }),
      nameOf({ ...spec, samplingMs: 1000 }),
      nameOf({ ...spec, kind: 'candles.1m' }),
    ]);
    expect(names.size).toBe(6);
  });

  it('stays in the charset and bounded with the longest allowed spec', () => {
    const symbols = Array.from({ length: 50 }, (_, i) => `S${'Y'.repeat(12)}${i}`.slice(0, 15));
    const name = nameOf(
      { kind: 'ticks', symbols, quote: 'USDT', market: 'X'.repeat(30), samplingMs: 3_600_000 },
      'n'.repeat(40),
    );
    expect(name).toMatch(CHARSET);
    expect(name.length).toBeLessThan(120);
    expect(isDynamicTopic(name, 'n'.repeat(40))).toBe(true);
  });

  it.each([
    ['unicode symbols', { ...spec, symbols: ['BTC', 'ΕΤΗ'] }],
    ['path characters', { ...spec, symbols: ['../../etc/passwd'] }],
    ['a 10 kB symbol', { ...spec, symbols: ['A'.repeat(10_000)] }],
    ['an empty symbol list', { ...spec, symbols: [] }],
    ['hundreds of symbols', { ...spec, symbols: Array.from({ length: 300 }, (_, i) => `S${i}`) }],
    ['an unknown kind', { ...spec, kind: 'orderbook' }],
    ['an unknown field', { ...spec, topic: 'dyn.mine' }],
    ['a sampling below the minimum', { ...spec, samplingMs: 10 }],
    ['sampled candles', { ...spec, kind: 'candles.1m', samplingMs: 1000 }],
    ['the quote among the symbols', { ...spec, symbols: ['USD'] }],
    ['null', null],
    ['a string', 'dyn.ticks.btc'],
  ])('refuses %s with field issues instead of a name', (_name, input) => {
    const r = normalizeSpec(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_spec');
      expect(r.error.issues.length).toBeGreaterThan(0);
      expect(r.error.message.length).toBeLessThan(5000);
    }
  });

  it('does not take other topics for dynamic ones', () => {
    for (const t of [
      'market.ticks.v1',
      'dyn.',
      'dyn.ticks.x',
      'dyn.ticks.x.XYZ',
      't1.dyn.ticks.btc.0123456789abcdef',
    ]) {
      expect(isDynamicTopic(t)).toBe(false);
    }
    expect(isDynamicTopic('t1.dyn.ticks.btc.0123456789abcdef', 't1')).toBe(true);
  });
});

describe('matching and keys', () => {
  it('matches ticks of the spec pairs only', () => {
    const r = normalizeSpec({ kind: 'ticks', symbols: ['btc'], quote: 'usd' });
    if (!r.ok) throw new Error('spec');
    expect(specMatches(r.value, 'ticks', { market: 'CCCAGG', base: 'BTC', quote: 'USD' })).toBe(true);
    expect(specMatches(r.value, 'ticks', { market: 'cccagg', base: 'BTC', quote: 'USD' })).toBe(true);
    expect(specMatches(r.value, 'ticks', { market: 'CCCAGG', base: 'ETH', quote: 'USD' })).toBe(false);
    expect(specMatches(r.value, 'ticks', { market: 'CCCAGG', base: 'BTC', quote: 'EUR' })).toBe(false);
    expect(specMatches(r.value, 'candles.1m', { market: 'CCCAGG', base: 'BTC', quote: 'USD' })).toBe(false);
  });

  it('keys by market and pair', () => {
    expect(pairKey({ market: 'CCCAGG', base: 'BTC', quote: 'USD' })).toBe('CCCAGG:BTC-USD');
    const t = { market: 'CCCAGG', base: 'BTC', quote: 'USD', ts: 1, tradeId: '7', price: 2 };
    expect(tickIdentity(t)).not.toBe(tickIdentity({ ...t, price: 3 }));
  });
});

describe('topicMetricLabel', () => {
  it('counts every dynamic topic under its prefix and kind, and keeps platform topic names', () => {
    const spec = { kind: 'ticks' as const, symbols: ['BTC'], quote: 'USD', market: 'CCCAGG', samplingMs: 0 };
    const other = { ...spec, symbols: ['ETH', 'SOL'], samplingMs: 1000 };
    expect(topicMetricLabel(dynamicTopicName(spec))).toBe('dyn.ticks');
    expect(topicMetricLabel(dynamicTopicName(other))).toBe('dyn.ticks');
    expect(topicMetricLabel(dynamicTopicName(spec, 'ns-1'))).toBe('ns-1.dyn.ticks');
    expect(topicMetricLabel(DEFAULT_TOPICS.ticks)).toBe('market.ticks.v1');
    expect(topicMetricLabel('dyn.ticks.not-a-hash')).toBe('dyn.ticks.not-a-hash');
  });
});
