import type { StoredTick } from './database';
import type { EmittedTick } from './simulator-api';

/** A time span in which ticks may be missed on purpose (the producer was down, sockets dropped...). */
export type Outage = { fromMs: number; toMs: number };

/**
 * "Every tick" made precise. The simulator's LASTTRADEID grows by one per tick of a pair, and the
 * producer's streamer subscription sees every update, while REST polling only samples the latest
 * state. So for each pair, every tick the simulator emitted from the first tick the stream
 * delivered (origin 'stream') to the newest tick stored must be stored, once, with the simulator's
 * values. Ticks before the subscription existed could only be sampled by REST and are not expected.
 * Ticks emitted during a declared outage (the producer dead) may be missing and are counted apart.
 */
export type TickAudit = {
  /** Emitted ticks inside the stored window of their pair (outside outages). */
  expected: number;
  /** Of those, stored with the same ts and price. */
  found: number;
  missing: string[];
  /** Emitted during an outage and not stored (expected to be lost, reported, not failed). */
  lostInOutages: number;
  /** Stored under an emitted tick's identity but with other values. */
  mismatched: string[];
  /** Stored, but the simulator never emitted it. */
  unknown: string[];
  /** Rows beyond the first under one identity (pair + trade id). */
  duplicates: number;
  stored: number;
  /** Simulator emission to database row, over the ticks found: median and maximum, ms. */
  latencyMs: { p50: number; max: number };
};

const key = (market: string, pair: string, tradeId: string) => `${market.toUpperCase()}:${pair}#${tradeId}`;
const storedKey = (t: StoredTick) => key(t.market, `${t.base}-${t.quote}`, t.tradeId);

export function auditTicks(
  emitted: readonly EmittedTick[],
  stored: readonly StoredTick[],
  outages: readonly Outage[] = [],
  /** Count expected/found/missing only for ticks emitted from this time on (one round of a test). */
  fromMs = 0,
): TickAudit {
  const byKey = new Map<string, StoredTick>();
  let duplicates = 0;
  // Window per pair: from the first trade id the stream delivered to the highest stored.
  const windows = new Map<string, { low: number; high: number }>();
  for (const t of stored) {
    const k = storedKey(t);
    if (byKey.has(k)) duplicates += 1;
    else byKey.set(k, t);
    const pair = `${t.market.toUpperCase()}:${t.base}-${t.quote}`;
    const id = Number(t.tradeId);
    const w = windows.get(pair) ?? { low: Number.POSITIVE_INFINITY, high: 0 };
    windows.set(pair, {
      low: t.origin === 'stream' ? Math.min(w.low, id) : w.low,
      high: Math.max(w.high, id),
    });
  }

  const emittedKeys = new Set<string>();
  const missing: string[] = [];
  const mismatched: string[] = [];
  let expected = 0;
  let found = 0;
  let lostInOutages = 0;
  const latencies: number[] = [];
  for (const e of emitted) {
    const k = key(e.market, e.pair, e.lastTradeId);
    emittedKeys.add(k);
    if (e.atMs < fromMs) continue;
    const w = windows.get(`${e.market.toUpperCase()}:${e.pair}`);
    const id = Number(e.lastTradeId);
    if (!w || id < w.low || id > w.high) continue;
    const row = byKey.get(k);
    if (!row) {
      if (outages.some((o) => e.atMs >= o.fromMs && e.atMs <= o.toMs)) lostInOutages += 1;
      else {
        expected += 1;
        missing.push(k);
      }
      continue;
    }
    expected += 1;
    latencies.push(row.ingestedAt - e.atMs);
    if (row.ts === e.lastUpdate * 1000 && row.price === e.price) found += 1;
    else mismatched.push(`${k} stored ts=${row.ts} price=${row.price}, emitted ${e.lastUpdate}s ${e.price}`);
  }
  const unknown = [...byKey.keys()].filter((k) => !emittedKeys.has(k));
  latencies.sort((a, b) => a - b);
  const latencyMs = { p50: latencies[Math.floor(latencies.length / 2)] ?? 0, max: latencies.at(-1) ?? 0 };
  return {
    expected,
    found,
    missing,
    lostInOutages,
    mismatched,
    unknown,
    duplicates,
    stored: stored.length,
    latencyMs,
  };
}

/** One line for the test output (the closing note quotes these). */
export function summarizeAudit(label: string, a: TickAudit): string {
  return (
    `${label}: expected ${a.expected} ticks, found ${a.found}, missing ${a.missing.length}, ` +
    `duplicates ${a.duplicates}, mismatched ${a.mismatched.length}, unknown ${a.unknown.length}, ` +
    `lost during outage ${a.lostInOutages}, rows ${a.stored}, ` +
    `simulator→db p50 ${a.latencyMs.p50} ms max ${a.latencyMs.max} ms`
  );
}
