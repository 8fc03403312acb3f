import { createRandom } from './random';

describe('createRandom', () => {
  test('is deterministic per seed and stays in range', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 1_000 }, () => a.int(-3, 3));
    expect(Array.from({ length: 1_000 }, () => b.int(-3, 3))).toEqual(xs);
    expect(new Set(xs)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
  });

  test('forks are independent of later draws of the parent', () => {
    const a = createRandom(1);
    const fa = a.fork('x');
    const b = createRandom(1);
    const fb = b.fork('x');
    b.next();
    expect(fa.next()).toBe(fb.next());
    expect(createRandom(1).fork('y').next()).not.toBe(createRandom(1).fork('x').next());
  });
});
