import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const base = { baseMs: 100, maxMs: 5000 };

  it('grows exponentially and caps without jitter', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 100].map((a) => backoffDelay(a, { ...base, jitter: 'none' }));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('full jitter spans [0, capped]', () => {
    expect(backoffDelay(3, { ...base, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...base, random: () => 0.5 })).toBe(400);
    expect(backoffDelay(3, { ...base, random: () => 0.999999 })).toBe(800);
  });

  it('equal jitter spans [capped/2, capped]', () => {
    expect(backoffDelay(3, { ...base, jitter: 'equal', random: () => 0 })).toBe(400);
    expect(backoffDelay(3, { ...base, jitter: 'equal', random: () => 0.5 })).toBe(600);
    expect(backoffDelay(10, { ...base, jitter: 'equal', random: () => 0.999999 })).toBe(5000);
  });

  it('honours a custom factor', () => {
    expect(backoffDelay(2, { ...base, factor: 3, jitter: 'none' })).toBe(900);
  });

  it('survives hostile attempts and random sources', () => {
    const none = { ...base, jitter: 'none' as const };
    expect(backoffDelay(-3, none)).toBe(100);
    expect(backoffDelay(Number.NaN, none)).toBe(100);
    expect(backoffDelay(Number.POSITIVE_INFINITY, none)).toBe(100);
    expect(backoffDelay(1e6, none)).toBe(5000);
    expect(backoffDelay(2, { ...base, random: () => 7 })).toBe(400);
    expect(backoffDelay(2, { ...base, random: () => -1 })).toBe(0);
  });

  it('stays within bounds for many random draws', () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const d = backoffDelay(attempt, { ...base, jitter: 'equal' });
      const capped = Math.min(5000, 100 * 2 ** attempt);
      expect(d).toBeGreaterThanOrEqual(capped / 2);
      expect(d).toBeLessThanOrEqual(capped);
    }
  });
});
