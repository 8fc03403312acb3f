import { err, ok, type Result } from '@mdp/contracts/result';

/**
 * A position in a topic: for each partition (by index) the next offset to deliver. Encoded as the
 * offsets joined by `.` in partition order (`"42.0.17"`): short, URL-safe, valid as an SSE id.
 * Resuming from a position delivers exactly the messages at or after it: no loss, no duplicate.
 */
export type Position = number[];

export const MAX_PARTITIONS = 1000;

export function encodePosition(position: readonly number[]): string {
  return position.join('.');
}

export function decodePosition(text: string): Result<Position, string> {
  if (text.length === 0 || text.length > MAX_PARTITIONS * 17)
    return err('position must be offsets joined by "." (one per partition)');
  const parts = text.split('.');
  if (parts.length > MAX_PARTITIONS) return err(`position has more than ${MAX_PARTITIONS} partitions`);
  const out: Position = [];
  for (const part of parts) {
    if (!/^\d{1,16}$/.test(part)) return err('position must be offsets joined by "." (one per partition)');
    const n = Number(part);
    if (!Number.isSafeInteger(n)) return err('position offset is too large');
    out.push(n);
  }
  return ok(out);
}

export type OffsetBounds = { low: number[]; high: number[] };

export type PositionProblem =
  | { code: 'position_expired'; message: string; earliest: Position }
  | { code: 'invalid_position'; message: string };

/**
 * Checks a requested position against the topic's current bounds: before the earliest retained
 * offset is an explicit error (the data is gone), past the end is a client mistake.
 * Partitions the position does not list start at their earliest offset.
 */
export function checkPosition(
  position: readonly number[],
  bounds: OffsetBounds,
): Result<Position, PositionProblem> {
  const partitions = bounds.high.length;
  if (position.length > partitions)
    return err({
      code: 'invalid_position',
      message: `topic has ${partitions} partitions, position lists ${position.length}`,
    });
  const out: Position = [];
  for (let p = 0; p < partitions; p += 1) {
    const low = bounds.low[p] ?? 0;
    const high = bounds.high[p] ?? 0;
    const wanted = position[p] ?? low;
    if (wanted > high)
      return err({
        code: 'invalid_position',
        message: `partition ${p}: offset ${wanted} is past the end (${high})`,
      });
    if (wanted < low)
      return err({
        code: 'position_expired',
        message: `partition ${p}: offset ${wanted} is older than the retained data (earliest ${low})`,
        earliest: [...bounds.low],
      });
    out.push(wanted);
  }
  return ok(out);
}
