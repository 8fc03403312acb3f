import { normalizeSpec } from './dynamic-spec';

describe('normalizeSpec issues', () => {
  it('never echoes the unknown keys a client sent', () => {
    const result = normalizeSpec({
      kind: 'ticks',
      symbols: ['BTC'],
      quote: 'USD',
      '<script>secret-key-name': 1,
      __proto__x: 2,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues).toEqual([{ path: '(root)', message: '2 unknown field(s)' }]);
    expect(JSON.stringify(result.error)).not.toContain('script');
    expect(JSON.stringify(result.error)).not.toContain('__proto__x');
  });
});
