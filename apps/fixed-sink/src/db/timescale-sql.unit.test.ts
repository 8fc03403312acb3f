import { interval, policies } from './timescale-sql';

describe('interval', () => {
  it.each([
    [7 * 86_400_000, "INTERVAL '7 days'"],
    [90 * 60_000, "INTERVAL '90 minutes'"],
    [36 * 3_600_000, "INTERVAL '36 hours'"],
    [1500, "INTERVAL '1500 milliseconds'"],
    [0, "INTERVAL '0 days'"],
  ])('writes %d ms as %s', (ms, sql) => {
    expect(interval(ms)).toBe(sql);
  });

  it('refuses anything but a whole, non-negative number', () => {
    expect(() => interval(-1)).toThrow();
    expect(() => interval(1.5)).toThrow();
    expect(() => interval(Number.NaN)).toThrow();
  });
});

describe('policies', () => {
  const settings = { ticksChunkMs: 86_400_000, candlesChunkMs: 604_800_000, compressAfterMs: 86_400_000 };
  it('drops the retention policy and adds none when retention is 0', () => {
    const sql = policies({ ...settings, ticksRetentionMs: 0 }).join('\n');
    expect(sql).toContain("remove_retention_policy('ticks', if_exists => true)");
    expect(sql).not.toContain('add_retention_policy');
  });
  it('replaces the retention policy with the configured age', () => {
    expect(policies({ ...settings, ticksRetentionMs: 30 * 86_400_000 })).toContain(
      "SELECT add_retention_policy('ticks', INTERVAL '30 days')",
    );
  });
});
