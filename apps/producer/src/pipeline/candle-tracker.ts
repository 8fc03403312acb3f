import type { Candle } from '@mdp/contracts/market-data';
import { type Pair, pairId } from '../pairs';

const MINUTE = 60_000;
/** Minute data is kept 7 days by the API: older holes cannot be filled. */
export const MINUTE_RETENTION_MS = 7 * 24 * 60 * MINUTE;
const REMEMBERED_STARTS = 16;

export type BackfillRange = { pair: Pair; fromMs: number; toMs: number };

type PairState = {
  pair: Pair;
  lastStart: number | null;
  /** The newest minute a backfill was planned up to: minutes after it are nobody's job yet. */
  plannedTo: number | null;
  recent: Map<number, string>;
  /** The newest minute when the stream was lost: it may never have got its final revision. */
  refetchFrom: number | null;
};

function signature(c: Candle): string {
  return `${c.open}|${c.high}|${c.low}|${c.close}|${c.volumeFrom}|${c.volumeTo}|${c.trades}`;
}

/**
 * Keeps the candle topic free of holes and repeats: remembers the newest minute published per pair,
 * turns any jump (producer down, stream lost) into a backfill range, and drops a candle identical to
 * the one already published for that minute (revisions of the open minute still go through).
 */
export class CandleTracker {
  private readonly pairs = new Map<string, PairState>();
  /** Missing minutes per pair, as disjoint inclusive [from, to] ranges of minute starts. */
  private readonly pending = new Map<string, { pair: Pair; ranges: Array<[number, number]> }>();

  /**
   * On start (or when a pair is added): fill from the last candle already published (again, because it
   * may be a revision taken before its minute closed; remembered, so an unchanged one is not repeated),
   * or from `now - lookbackMs` when there is none.
   */
  resume(pair: Pair, last: Candle | null, nowMs: number, lookbackMs: number): void {
    const state = this.state(pair);
    const floor = floorMinute(nowMs - Math.min(lookbackMs, MINUTE_RETENTION_MS));
    const from = last === null ? floor : Math.max(floor, last.start);
    const to = floorMinute(nowMs) - MINUTE;
    if (last !== null) {
      state.lastStart = Math.max(state.lastStart ?? last.start, last.start);
      this.commit([last]);
    }
    this.addRange(state.pair, from, to);
    state.plannedTo = Math.max(state.plannedTo ?? to, to);
  }

  /** Candles worth publishing; a jump past the newest known minute of a pair becomes a backfill range. */
  filter(candles: readonly Candle[]): { fresh: Candle[]; duplicates: number } {
    const fresh: Candle[] = [];
    const seen = new Map<string, string>();
    let duplicates = 0;
    // Ascending per pair, so backfilled minutes in the same batch are not taken for a hole.
    const ordered = [...candles].sort((a, b) => a.start - b.start);
    for (const c of ordered) {
      const state = this.state(c);
      const sig = signature(c);
      const slot = `${pairId(c)}@${c.start}`;
      if ((seen.get(slot) ?? state.recent.get(c.start)) === sig) {
        duplicates++;
        continue;
      }
      seen.set(slot, sig);
      // Minutes between what is known (published, or planned at resume: a pair without history has
      // no lastStart until its backfill lands) and this candle are a hole, e.g. the minute open at
      // start when the first poll of the pair only succeeds in a later minute.
      const known = newest(state.lastStart, state.plannedTo);
      if (known !== null && c.start > known + MINUTE) {
        this.addRange(state.pair, known + MINUTE, c.start - MINUTE);
      }
      if (state.refetchFrom !== null && c.start > state.refetchFrom) {
        this.addRange(state.pair, state.refetchFrom, c.start - MINUTE);
        state.refetchFrom = null;
      }
      if (state.lastStart === null || c.start > state.lastStart) state.lastStart = c.start;
      fresh.push(c);
    }
    return { fresh, duplicates };
  }

  /** Records candles as published. */
  commit(candles: readonly Candle[]): void {
    for (const c of candles) {
      const { recent } = this.state(c);
      recent.set(c.start, signature(c));
      if (recent.size > REMEMBERED_STARTS) recent.delete(Math.min(...recent.keys()));
    }
  }

  /**
   * The stream was lost: the newest minute of every pair may lack its final revision. It is fetched
   * again (with any hole after it) once a later minute shows it has closed.
   */
  markUncertain(): void {
    for (const state of this.pairs.values())
      if (state.lastStart !== null) state.refetchFrom ??= state.lastStart;
  }

  lastStart(pair: Pair): number | null {
    return this.pairs.get(pairId(pair))?.lastStart ?? null;
  }

  backfills(): BackfillRange[] {
    return [...this.pending.values()].flatMap(({ pair, ranges }) =>
      ranges.map(([fromMs, toMs]) => ({ pair, fromMs, toMs })),
    );
  }

  /** A backfill ran: `pendingToMs` null means the range is filled, else minutes up to it are still missing. */
  settle(range: BackfillRange, pendingToMs: number | null): void {
    const entry = this.pending.get(pairId(range.pair));
    if (!entry) return;
    entry.ranges = entry.ranges.flatMap(([from, to]): Array<[number, number]> => {
      if (to < range.fromMs || from > range.toMs) return [[from, to]];
      const kept: Array<[number, number]> = [];
      if (from < range.fromMs) kept.push([from, range.fromMs - MINUTE]);
      if (to > range.toMs) kept.push([range.toMs + MINUTE, to]);
      return kept;
    });
    if (entry.ranges.length === 0) this.pending.delete(pairId(range.pair));
    if (pendingToMs !== null) this.addRange(range.pair, range.fromMs, Math.min(pendingToMs, range.toMs));
  }

  forget(pair: Pair): void {
    this.pairs.delete(pairId(pair));
    this.pending.delete(pairId(pair));
  }

  private addRange(pair: Pair, fromMs: number, toMs: number): void {
    if (toMs < fromMs) return;
    const id = pairId(pair);
    const entry = this.pending.get(id) ?? { pair, ranges: [] };
    const all = [...entry.ranges, [fromMs, toMs] as [number, number]].sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [from, to] of all) {
      const last = merged[merged.length - 1];
      if (last && from <= last[1] + MINUTE) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    entry.ranges = merged;
    this.pending.set(id, entry);
  }

  private state(p: Pair): PairState {
    const id = pairId(p);
    let state = this.pairs.get(id);
    if (!state) {
      state = {
        pair: { market: p.market, base: p.base, quote: p.quote },
        lastStart: null,
        plannedTo: null,
        recent: new Map(),
        refetchFrom: null,
      };
      this.pairs.set(id, state);
    }
    return state;
  }
}

function newest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}

export function floorMinute(ms: number): number {
  return ms - (ms % MINUTE);
}
