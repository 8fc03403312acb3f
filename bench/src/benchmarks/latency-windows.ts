import { readFile } from 'node:fs/promises';
import { type LatencySummary, summarize } from '../harness/stats';

/** The simulator's record: `BASE-QUOTE|tradeId` -> when it made the tick (epoch ms). */
export async function readTickRecord(file: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const comma = line.lastIndexOf(',');
    if (comma > 0) out.set(line.slice(0, comma), Number(line.slice(comma + 1)));
  }
  return out;
}

export type WindowLatency = {
  created: number;
  /** Ticks of the window that arrived (stored / delivered), and their latency from creation. */
  arrived: number;
  latency: LatencySummary;
};

/** Latency of the ticks the simulator made inside [from, to): arrival time minus creation time. */
export function windowLatency(
  created: ReadonlyMap<string, number>,
  arrivals: ReadonlyMap<string, number>,
  from: number,
  to: number,
): WindowLatency {
  const samples: number[] = [];
  let count = 0;
  for (const [key, at] of created) {
    if (at < from || at >= to) continue;
    count += 1;
    const arrived = arrivals.get(key);
    if (arrived !== undefined) samples.push(arrived - at);
  }
  return { created: count, arrived: samples.length, latency: summarize(samples) };
}

/** First arrival per key (a resent tick counts when it first arrived). */
export function firstArrivals(records: readonly [string, number][]): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, at] of records) if (!out.has(key)) out.set(key, at);
  return out;
}
