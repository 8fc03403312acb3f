/** Percentile by nearest rank on a sorted copy; null for no samples. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? null;
}

export type LatencySummary = {
  count: number;
  p50: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  mean: number | null;
};

/** p50/p99/p99.9/max/mean of latency samples in ms. */
export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  let sum = 0;
  for (const v of values) sum += v;
  return {
    count: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    p999: percentile(values, 99.9),
    max: values.at(-1) ?? null,
    mean: values.length > 0 ? sum / values.length : null,
  };
}

/** a / b, or null when either is missing or b is zero. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return a / b;
}

/**
 * A fixed-memory latency histogram (1 ms buckets up to `maxMs`, one overflow bucket) so load
 * generators can count millions of deliveries without keeping every sample.
 */
export class LatencyHistogram {
  readonly counts: Uint32Array;
  constructor(readonly maxMs = 10_000) {
    this.counts = new Uint32Array(maxMs + 2);
  }

  record(ms: number): void {
    const bucket = ms < 0 ? 0 : ms > this.maxMs ? this.maxMs + 1 : Math.round(ms);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
  }

  /** Sparse form for sending between processes: [bucket, count] pairs. */
  toPairs(): [number, number][] {
    const out: [number, number][] = [];
    this.counts.forEach((count, bucket) => {
      if (count > 0) out.push([bucket, count]);
    });
    return out;
  }
}

export type HistogramPairs = [number, number][];

/** Sparse histograms added together. */
export function mergeHistograms(parts: readonly (readonly [number, number][])[]): HistogramPairs {
  const merged = new Map<number, number>();
  for (const part of parts)
    for (const [bucket, count] of part) merged.set(bucket, (merged.get(bucket) ?? 0) + count);
  return [...merged].sort((a, b) => a[0] - b[0]);
}

/** Merges sparse histograms and summarizes them like `summarize` (bucket = whole ms). */
export function summarizeHistograms(parts: readonly (readonly [number, number][])[]): LatencySummary {
  const buckets = mergeHistograms(parts);
  const total = buckets.reduce((n, [, c]) => n + c, 0);
  const at = (p: number): number | null => {
    if (total === 0) return null;
    const rank = Math.ceil((p / 100) * total);
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (seen >= rank) return bucket;
    }
    return buckets.at(-1)?.[0] ?? null;
  };
  const sum = buckets.reduce((n, [b, c]) => n + b * c, 0);
  return {
    count: total,
    p50: at(50),
    p99: at(99),
    p999: at(99.9),
    max: buckets.at(-1)?.[0] ?? null,
    mean: total > 0 ? sum / total : null,
  };
}
