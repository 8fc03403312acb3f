import { parsePair } from '../pairs';
import { chunkByLength, FSYMS_MAX_CHARS, planPriceRequests, TSYMS_MAX_CHARS } from './pricemultifull-plan';

const pairs = (...texts: string[]) => texts.map((t) => parsePair(t) ?? (null as never));

describe('planPriceRequests', () => {
  it('one call for a few pairs', () => {
    expect(planPriceRequests(pairs('BTC-USD', 'ETH-USD', 'BTC-EUR'))).toEqual([
      {
        market: 'CCCAGG',
        fsyms: ['BTC', 'ETH'],
        tsyms: ['EUR', 'USD'],
        pairs: pairs('BTC-USD', 'ETH-USD', 'BTC-EUR'),
      },
    ]);
  });

  it('splits when fsyms would exceed 300 chars or tsyms 100 chars, covering every pair exactly once', () => {
    const bases = Array.from({ length: 120 }, (_, i) => `C${String(i).padStart(4, '0')}`); // 5 chars each
    const quotes = Array.from({ length: 30 }, (_, i) => `Q${String(i).padStart(3, '0')}`); // 4 chars each
    const all = bases.flatMap((b, i) => pairs(`${b}-${quotes[i % quotes.length]}`));
    const plan = planPriceRequests(all);
    expect(plan.length).toBeGreaterThan(1);
    for (const r of plan) {
      expect(r.fsyms.join(',').length).toBeLessThanOrEqual(FSYMS_MAX_CHARS);
      expect(r.tsyms.join(',').length).toBeLessThanOrEqual(TSYMS_MAX_CHARS);
    }
    const covered = plan.flatMap((r) => r.pairs.map((p) => `${p.base}-${p.quote}`)).sort();
    expect(covered).toEqual(all.map((p) => `${p.base}-${p.quote}`).sort());
  });

  it('keeps markets in separate calls', () => {
    const plan = planPriceRequests(pairs('BTC-USD', 'Coinbase:BTC-USD'));
    expect(plan.map((r) => r.market)).toEqual(['CCCAGG', 'COINBASE']);
  });
});

describe('chunkByLength', () => {
  it('packs comma lists up to the limit', () => {
    expect(chunkByLength(['AAA', 'BBB', 'CCC'], 7)).toEqual([['AAA', 'BBB'], ['CCC']]);
    expect(chunkByLength([], 7)).toEqual([]);
  });
});
