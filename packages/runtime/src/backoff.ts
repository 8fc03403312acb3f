/**
 * `full`: uniform in [0, capped] (spreads retries of many clients best);
 * `equal`: uniform in [capped/2, capped] (never retries immediately); `none`: capped itself.
 */
export type Jitter = 'full' | 'equal' | 'none';

export type BackoffOptions = {
  baseMs: number;
  maxMs: number;
  jitter?: Jitter;
  /** Growth per attempt; 2 by default. */
  factor?: number;
  /** Uniform in [0, 1); injectable so machine tests are deterministic. */
  random?: () => number;
};

/**
 * Delay before retry number `attempt` (0 = the first retry): `min(maxMs, baseMs * factor^attempt)`
 * with jitter, as a whole number of milliseconds. Used as the `retryDelay` of the services' machines.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const { baseMs, maxMs, jitter = 'full', factor = 2, random = Math.random } = opts;
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  const grown = baseMs * factor ** n;
  const capped = Math.max(0, Number.isFinite(grown) ? Math.min(maxMs, grown) : maxMs);
  const r = Math.min(Math.max(random(), 0), 1);
  switch (jitter) {
    case 'full':
      return Math.round(r * capped);
    case 'equal':
      return Math.round(capped / 2 + (r * capped) / 2);
    case 'none':
      return Math.round(capped);
  }
}
