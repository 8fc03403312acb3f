import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { makeCandle, makeTick } from '../testing/test-data';
import { DynamicRouter } from './router';
import { LatestPerWindow } from './sampler';

const spec = (over: Partial<DynamicTopicSpec> = {}): DynamicTopicSpec => ({
  kind: 'ticks',
  symbols: ['BTC', 'ETH'],
  quote: 'USD',
  market: 'CCCAGG',
  samplingMs: 0,
  ...over,
});

describe('DynamicRouter: spec matching', () => {
  it('routes a tick to every topic whose spec matches its pair, kind, quote and market', () => {
    const router = new DynamicRouter();
    router.setActive(
      new Map([
        ['all', spec()],
        ['eur', spec({ quote: 'EUR' })],
        ['coinbase', spec({ market: 'COINBASE' })],
        ['eth-only', spec({ symbols: ['ETH'] })],
        ['candles', spec({ kind: 'candles.1m' })],
      ]),
    );
    const out = router.route(
      [makeTick(), makeTick({ base: 'ETH' }), makeTick({ base: 'SOL' })],
      [makeCandle()],
      0,
    );
    expect(out.map((d) => `${d.topic}:${d.value.base}`).sort()).toEqual([
      'all:BTC',
      'all:ETH',
      'candles:BTC',
      'eth-only:ETH',
    ]);
  });

  it('reports started and stopped topics and the pairs active specs need', () => {
    const router = new DynamicRouter();
    expect(router.setActive(new Map([['a', spec()]]))).toEqual({ started: ['a'], stopped: [] });
    expect(router.neededPairs()).toEqual([
      { market: 'CCCAGG', base: 'BTC', quote: 'USD' },
      { market: 'CCCAGG', base: 'ETH', quote: 'USD' },
    ]);
    expect(router.setActive(new Map([['b', spec({ symbols: ['SOL'] })]]))).toEqual({
      started: ['b'],
      stopped: ['a'],
    });
    expect(router.route([makeTick()], [], 0)).toEqual([]);
    expect(router.activeTopics()).toEqual(['b']);
  });
});

describe('DynamicRouter: sampling', () => {
  it('sends the latest tick per pair per window once the window has ended', () => {
    const router = new DynamicRouter();
    router.setActive(new Map([['s', spec({ samplingMs: 1000 })]]));
    expect(
      router.route(
        [makeTick({ price: 1 }), makeTick({ price: 2 }), makeTick({ base: 'ETH', price: 7 })],
        [],
        10_100,
      ),
    ).toEqual([]);
    expect(router.route([makeTick({ price: 3 })], [], 10_900)).toEqual([]);
    expect(router.nextDueAt()).toBe(11_000);
    const flushed = router.route([], [], 11_000);
    expect(flushed.map((d) => `${d.value.base}:${(d.value as { price: number }).price}`).sort()).toEqual([
      'BTC:3',
      'ETH:7',
    ]);
    expect(router.nextDueAt()).toBeNull();
  });

  it('a tick in a new window pushes out the previous window first', () => {
    const router = new DynamicRouter();
    router.setActive(new Map([['s', spec({ samplingMs: 1000 })]]));
    router.route([makeTick({ price: 1 })], [], 500);
    const out = router.route([makeTick({ price: 2 })], [], 1500);
    expect(out.map((d) => (d.value as { price: number }).price)).toEqual([1]);
  });
});

describe('LatestPerWindow', () => {
  it('keeps one value per key and window', () => {
    const s = new LatestPerWindow<number>(100);
    const out: number[] = [];
    s.offer('a', 1, 0, out);
    s.offer('a', 2, 50, out);
    s.offer('b', 3, 99, out);
    s.flush(99, out);
    expect(out).toEqual([]);
    s.flush(100, out);
    expect(out.sort()).toEqual([2, 3]);
  });
});
