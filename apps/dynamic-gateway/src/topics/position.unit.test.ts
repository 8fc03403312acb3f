import { checkPosition, decodePosition, encodePosition } from './position';

describe('positions', () => {
  it('round-trips', () => {
    expect(encodePosition([42, 0, 17])).toBe('42.0.17');
    expect(decodePosition('42.0.17')).toEqual({ ok: true, value: [42, 0, 17] });
  });

  it('refuses anything that is not offsets joined by dots', () => {
    for (const bad of ['', 'a', '1..2', '-1', '1.2.', '1e3', '99999999999999999', ' 1'])
      expect(decodePosition(bad).ok).toBe(false);
  });

  const bounds = { low: [10, 0], high: [20, 5] };

  it('accepts a position within the retained range; missing partitions start at their earliest offset', () => {
    expect(checkPosition([15, 5], bounds)).toEqual({ ok: true, value: [15, 5] });
    expect(checkPosition([10], bounds)).toEqual({ ok: true, value: [10, 0] });
  });

  it('says expired (with the earliest position) for data already deleted, invalid past the end', () => {
    expect(checkPosition([9, 0], bounds)).toMatchObject({
      ok: false,
      error: { code: 'position_expired', earliest: [10, 0] },
    });
    expect(checkPosition([21, 0], bounds)).toMatchObject({ ok: false, error: { code: 'invalid_position' } });
    expect(checkPosition([10, 0, 0], bounds)).toMatchObject({
      ok: false,
      error: { code: 'invalid_position' },
    });
  });
});
