import {
  LatencyHistogram,
  mergeHistograms,
  percentile,
  ratio,
  summarize,
  summarizeHistograms,
} from './stats';

describe('percentile (nearest rank)', () => {
  it('picks the sample at the rank, not an interpolation', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 99.9)).toBe(100);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('summarize', () => {
  it('sorts numerically and reports count, p50, p99, p99.9, max, mean', () => {
    const s = summarize([10, 2, 30, 4, 100]);
    expect(s).toEqual({ count: 5, p50: 10, p99: 100, p999: 100, max: 100, mean: 29.2 });
  });
});

describe('histograms', () => {
  it('give the same percentiles as the samples they counted (whole ms)', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 500);
    const h = new LatencyHistogram(1000);
    for (const s of samples) h.record(s);
    const fromHistogram = summarizeHistograms([h.toPairs()]);
    const direct = summarize(samples);
    expect(fromHistogram.p50).toBe(direct.p50);
    expect(fromHistogram.p99).toBe(direct.p99);
    expect(fromHistogram.count).toBe(1000);
  });

  it('clamp negatives to 0 and put everything above the top in one overflow bucket', () => {
    const h = new LatencyHistogram(10);
    h.record(-3);
    h.record(50);
    expect(h.toPairs()).toEqual([
      [0, 1],
      [11, 1],
    ]);
  });

  it('merge across processes by adding counts per bucket', () => {
    expect(
      mergeHistograms([
        [
          [1, 2],
          [5, 1],
        ],
        [[1, 3]],
      ]),
    ).toEqual([
      [1, 5],
      [5, 1],
    ]);
  });
});

describe('ratio', () => {
  it('is null when a side is missing or the divisor is zero', () => {
    expect(ratio(50, 100)).toBe(0.5);
    expect(ratio(null, 100)).toBeNull();
    expect(ratio(1, 0)).toBeNull();
  });
});
