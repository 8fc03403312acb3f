import { makeTick } from '../testing/test-data';
import { TickDedup } from './tick-dedup';

describe('TickDedup', () => {
  it('drops a tick identical (ts, price, tradeId) to the last published one of its pair', () => {
    const dedup = new TickDedup();
    const first = dedup.filter([makeTick()]);
    expect(first.fresh).toHaveLength(1);
    dedup.commit(first.fresh);
    const again = dedup.filter([makeTick({ volumeDay: 5, origin: 'stream' })]);
    expect(again).toEqual({ fresh: [], duplicates: 1, stale: 0 });
  });

  it('keeps changed prices, trade ids or times, and other pairs', () => {
    const dedup = new TickDedup();
    dedup.commit([makeTick()]);
    const out = dedup.filter([
      makeTick({ price: 101 }),
      makeTick({ price: 101, tradeId: '2' }),
      makeTick({ price: 101, tradeId: '2', ts: 1_700_000_001_000 }),
      makeTick({ base: 'ETH' }),
    ]);
    expect(out.fresh).toHaveLength(4);
  });

  it('dedups within one batch and drops ticks older than the last one of the pair', () => {
    const dedup = new TickDedup();
    dedup.commit([makeTick({ ts: 1_700_000_010_000 })]);
    const out = dedup.filter([
      makeTick({ ts: 1_700_000_020_000 }),
      makeTick({ ts: 1_700_000_020_000 }),
      makeTick({ ts: 1_700_000_000_000, price: 5 }),
    ]);
    expect(out).toMatchObject({ duplicates: 1, stale: 1 });
    expect(out.fresh).toHaveLength(1);
  });

  it('remembers nothing until commit (a failed publish is retried as it was)', () => {
    const dedup = new TickDedup();
    expect(dedup.filter([makeTick()]).fresh).toHaveLength(1);
    expect(dedup.filter([makeTick()]).fresh).toHaveLength(1);
  });
});

describe('TickDedup with a lagging REST answer', () => {
  it('drops a repeat of an update published a moment ago within the same second', () => {
    const dedup = new TickDedup();
    const a = makeTick({ price: 100, tradeId: '1' });
    const b = makeTick({ price: 101, tradeId: '2' });
    dedup.commit(dedup.filter([a, b]).fresh);
    expect(dedup.filter([makeTick({ price: 100, tradeId: '1', origin: 'rest' })])).toEqual({
      fresh: [],
      duplicates: 1,
      stale: 0,
    });
  });
});
