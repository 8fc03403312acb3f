/**
 * Sampling for a dynamic topic: the latest value per pair per window of `windowMs` (windows aligned
 * to the epoch, on the producer's clock). A window's value goes out once the window has ended.
 */
export class LatestPerWindow<T> {
  private readonly held = new Map<string, { windowEnd: number; value: T }>();

  constructor(readonly windowMs: number) {}

  /** Keeps `value` as the latest of its window; returns values of windows that ended before now. */
  offer(key: string, value: T, nowMs: number, out: T[]): void {
    const windowEnd = nowMs - (nowMs % this.windowMs) + this.windowMs;
    const current = this.held.get(key);
    if (current && current.windowEnd <= nowMs) out.push(current.value);
    this.held.set(key, { windowEnd, value });
  }

  /** Appends every held value whose window has ended, and forgets it. */
  flush(nowMs: number, out: T[]): void {
    for (const [key, entry] of this.held) {
      if (entry.windowEnd <= nowMs) {
        out.push(entry.value);
        this.held.delete(key);
      }
    }
  }

  /** When the next held window ends (null when nothing is held). */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const { windowEnd } of this.held.values()) if (next === null || windowEnd < next) next = windowEnd;
    return next;
  }
}
