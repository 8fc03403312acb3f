import { createCatchUpTracker } from './catch-up';

describe('createCatchUpTracker', () => {
  it('is caught up at once when every partition is empty', () => {
    const t = createCatchUpTracker([
      { partition: 0, high: '0', low: '0' },
      { partition: 1, high: '17', low: '17' },
    ]);
    expect(t.isCaughtUp()).toBe(true);
    expect(t.behind()).toEqual([]);
  });

  it('is caught up once every partition reached its start high watermark', () => {
    const t = createCatchUpTracker([
      { partition: 0, high: '3', low: '0' },
      { partition: 1, high: '10', low: '4' },
    ]);
    expect(t.isCaughtUp()).toBe(false);
    expect(t.advance(0, '1')).toBe(false);
    expect(t.advance(0, '2')).toBe(false);
    expect(t.isCaughtUp()).toBe(false);
    expect(t.behind()).toEqual([{ partition: 1, remaining: '6' }]);
    expect(t.advance(1, '8')).toBe(false);
    expect(t.behind()).toEqual([{ partition: 1, remaining: '1' }]);
    expect(t.advance(1, '9')).toBe(true);
    expect(t.isCaughtUp()).toBe(true);
    expect(t.advance(1, '25')).toBe(false);
    expect(t.isCaughtUp()).toBe(true);
  });

  it('handles offsets beyond 2^53', () => {
    const t = createCatchUpTracker([{ partition: 0, high: '9007199254740995', low: '9007199254740990' }]);
    expect(t.advance(0, '9007199254740993')).toBe(false);
    expect(t.advance(0, '9007199254740994')).toBe(true);
  });

  it('ignores partitions it was not told about', () => {
    const t = createCatchUpTracker([{ partition: 0, high: '1', low: '0' }]);
    expect(t.advance(5, '100')).toBe(false);
    expect(t.isCaughtUp()).toBe(false);
  });
});
