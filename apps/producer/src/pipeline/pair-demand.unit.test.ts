import { parsePair } from '../pairs';
import { PairDemand } from './pair-demand';

const p = (t: string) => parsePair(t) ?? (null as never);
const ids = (ps: readonly { base: string; quote: string }[]) => ps.map((x) => `${x.base}-${x.quote}`);

describe('PairDemand', () => {
  it('adds pairs dynamic topics need and drops them when no topic needs them', () => {
    const d = new PairDemand([p('BTC-USD')]);
    const added = d.setNeeded([p('BTC-USD'), p('SOL-USD')], 0);
    expect(ids(added.added)).toEqual(['SOL-USD']);
    expect(ids(d.pairs())).toEqual(['BTC-USD', 'SOL-USD']);
    const removed = d.setNeeded([], 0);
    expect(ids(removed.removed)).toEqual(['SOL-USD']);
    expect(ids(d.pairs())).toEqual(['BTC-USD']);
  });

  it('leaves a refused pair out until its retry time, then brings it back', () => {
    const d = new PairDemand([p('BTC-USD'), p('FOO-USD')]);
    const change = d.markFailed(p('FOO-USD'), 'Type 1', 1000, 0);
    expect(ids(change.removed)).toEqual(['FOO-USD']);
    expect(d.nextRetryAt()).toBe(1000);
    expect(d.refresh(999).added).toEqual([]);
    expect(ids(d.refresh(1000).added)).toEqual(['FOO-USD']);
    expect(d.failedPairs()).toEqual([]);
  });
});
