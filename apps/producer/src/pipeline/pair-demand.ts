import { type Pair, pairId, uniquePairs } from '../pairs';

export type DemandChange = { added: Pair[]; removed: Pair[]; pairs: Pair[] };

/**
 * The pairs the producer fetches: the configured ones plus those active dynamic topics need, minus
 * pairs the API refused (left out until `retryAt`, then tried again). A pair only a topic needed is
 * dropped when no topic needs it any more.
 */
export class PairDemand {
  private needed: Pair[] = [];
  private readonly failed = new Map<string, { pair: Pair; retryAt: number; reason: string }>();
  private current: Pair[];

  constructor(private readonly configured: readonly Pair[]) {
    this.current = uniquePairs(configured);
  }

  pairs(): readonly Pair[] {
    return this.current;
  }

  failedPairs(): Array<{ pair: Pair; reason: string; retryAt: number }> {
    return [...this.failed.values()];
  }

  setNeeded(pairs: readonly Pair[], nowMs: number): DemandChange {
    this.needed = [...pairs];
    return this.recompute(nowMs);
  }

  markFailed(pair: Pair, reason: string, retryAt: number, nowMs: number): DemandChange {
    this.failed.set(pairId(pair), { pair, retryAt, reason });
    return this.recompute(nowMs);
  }

  /** Brings back failed pairs whose time has come. */
  refresh(nowMs: number): DemandChange {
    return this.recompute(nowMs);
  }

  /** When the next failed pair is due for another try (null = none). */
  nextRetryAt(): number | null {
    let next: number | null = null;
    for (const { retryAt } of this.failed.values()) if (next === null || retryAt < next) next = retryAt;
    return next;
  }

  private recompute(nowMs: number): DemandChange {
    for (const [id, f] of this.failed) if (f.retryAt <= nowMs) this.failed.delete(id);
    const next = uniquePairs([...this.configured, ...this.needed]).filter((p) => !this.failed.has(pairId(p)));
    const before = new Set(this.current.map(pairId));
    const after = new Set(next.map(pairId));
    const change = {
      added: next.filter((p) => !before.has(pairId(p))),
      removed: this.current.filter((p) => !after.has(pairId(p))),
      pairs: next,
    };
    this.current = next;
    return change;
  }
}
