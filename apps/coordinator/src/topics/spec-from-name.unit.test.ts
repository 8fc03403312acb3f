import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import { specFromTopicName } from './spec-from-name';

const spec = (over: Partial<DynamicTopicSpec> = {}): DynamicTopicSpec => ({
  kind: 'ticks',
  symbols: ['BTC', 'ETH'],
  quote: 'USD',
  market: 'CCCAGG',
  samplingMs: 0,
  ...over,
});

describe('specFromTopicName', () => {
  it.each([
    ['ticks', spec()],
    ['sampled ticks', spec({ samplingMs: 500 })],
    ['candles', spec({ kind: 'candles.1m', symbols: ['SOL'] })],
  ])('reads the spec of %s back from the name, in a namespace too', (_name, s) => {
    expect(specFromTopicName(dynamicTopicName(s), '')).toEqual(s);
    expect(specFromTopicName(dynamicTopicName(s, 'ns-1'), 'ns-1')).toEqual(s);
  });

  it('gives up when the slug was cut short or the hash does not match', () => {
    const many = spec({ symbols: Array.from({ length: 20 }, (_, i) => `SYM${i}`).sort() });
    expect(specFromTopicName(dynamicTopicName(many), '')).toBeNull();
    const name = dynamicTopicName(spec());
    expect(specFromTopicName(`${name.slice(0, -1)}${name.endsWith('0') ? '1' : '0'}`, '')).toBeNull();
    expect(specFromTopicName('dyn.ticks.usd', '')).toBeNull();
    expect(specFromTopicName(name, 'other')).toBeNull();
  });
});
