import type { StoredCandle } from './database';
import type { EmittedCandle } from './simulator-api';

export type CandleAudit = { closed: number; matching: number; missing: string[]; different: string[] };

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Every minute the simulator closed (for these pairs) must be stored with its final values. */
export function auditCandles(
  emitted: readonly EmittedCandle[],
  stored: readonly StoredCandle[],
  pairs: readonly string[],
): CandleAudit {
  const byKey = new Map(stored.map((c) => [`${c.market}:${c.base}-${c.quote}@${c.start}`, c]));
  const result: CandleAudit = { closed: 0, matching: 0, missing: [], different: [] };
  for (const e of emitted) {
    if (e.market !== 'CCCAGG' || !pairs.includes(e.pair)) continue;
    result.closed += 1;
    const key = `${e.market}:${e.pair}@${e.time * 1000}`;
    const c = byKey.get(key);
    if (!c) result.missing.push(key);
    else if (
      c.open === e.open &&
      c.high === e.high &&
      c.low === e.low &&
      c.close === e.close &&
      close(c.volumeFrom, e.volumefrom) &&
      close(c.volumeTo, e.volumeto)
    )
      result.matching += 1;
    else
      result.different.push(
        `${key} stored ${c.open}/${c.high}/${c.low}/${c.close}, closed ${e.open}/${e.high}/${e.low}/${e.close}`,
      );
  }
  return result;
}
