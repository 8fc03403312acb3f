import { backoffDelay } from './backoff.js';

const options = { baseMs: 100, maxMs: 1000 };

describe('backoffDelay', () => {
  it('doubles from the base and stays between half and all of each step', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, options, () => 0))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, options, () => 1))).toEqual([100, 200, 400, 800]);
  });

  it('is capped at maxMs however many attempts failed', () => {
    expect(backoffDelay(4, options, () => 1)).toBe(1000);
    expect(backoffDelay(500, options, () => 1)).toBe(1000);
    expect(backoffDelay(500, options, () => 0)).toBe(500);
  });
});
