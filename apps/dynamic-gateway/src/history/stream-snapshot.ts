import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { MAX_SNAPSHOT_CANDLES, SseQuerySchema } from '@mdp/contracts/stream-request';
import { ApiError, badRequest } from '../http/api-error';
import type { FeedEntry } from '../topics/feed';
import type { HistoryDb } from './db';
import { RESUME_CANDLES_SQL, RESUME_TICKS_SQL, SNAPSHOT_CANDLES_SQL, SNAPSHOT_TICKS_SQL } from './queries';
import { toCandle, toTick } from './store';

const MINUTE_MS = 60_000;

/**
 * The seam of a snapshot-then-live stream opened at `now`: the start of the previous UTC minute.
 * - The snapshot holds what the database has with data time (candle `start`, tick `ts`) before the seam:
 *   minutes that closed at least a minute ago (final once the sink lags less than a minute).
 * - The live part starts at the topic's first message with a Kafka timestamp at or after the seam and
 *   keeps only messages whose data time is at or after it (a late revision of an older candle is left
 *   out: the snapshot has it). A message's data time is never after its publication, so nothing with
 *   data time >= seam lies before that position: every (pair, start) is in exactly one of the two parts,
 *   and the live part carries the previous and the current minute in full (revisions included).
 */
export const seamOf = (now: number) => Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;

export type Snapshot = { seam: number; kind: DynamicTopicSpec['kind']; data: Record<string, unknown>[] };

/** `snapshot=N` of a stream request: N closed candles per pair (candles) or the latest tick (ticks, N >= 1). */
export function parseSnapshotCount(text: string | null): number | undefined {
  if (text === null) return undefined;
  if (!SseQuerySchema.shape.snapshot.safeParse(text).success)
    throw badRequest('invalid_request', `snapshot must be between 1 and ${MAX_SNAPSHOT_CANDLES}`, [
      { path: 'snapshot', message: 'out of range' },
    ]);
  return Number(text);
}

export async function loadSnapshot(
  db: HistoryDb,
  spec: DynamicTopicSpec,
  count: number,
  seam: number,
): Promise<Snapshot> {
  const seamIso = new Date(seam).toISOString();
  if (spec.kind === 'candles.1m') {
    const rows = await db.query(SNAPSHOT_CANDLES_SQL, [
      spec.market,
      spec.symbols,
      spec.quote,
      count,
      seamIso,
    ]);
    return { seam, kind: spec.kind, data: rows.map((r) => toCandle(spec.market, spec.quote, r)) };
  }
  const rows = await db.query(SNAPSHOT_TICKS_SQL, [spec.market, spec.symbols, spec.quote, seamIso]);
  return { seam, kind: spec.kind, data: rows.map((r) => toTick(spec.market, String(r.base), spec.quote, r)) };
}

/** Most rows a resume from the database sends before the live part (beyond: 400, page /v1/history). */
export const MAX_RESUME_ROWS = 20_000;

/** What the database has in [from, seam), oldest first: the part of a resume older than the topic. */
export async function loadSince(
  db: HistoryDb,
  spec: DynamicTopicSpec,
  from: number,
  seam: number,
): Promise<Snapshot> {
  const params = [
    spec.market,
    spec.symbols,
    spec.quote,
    new Date(from).toISOString(),
    new Date(seam).toISOString(),
  ];
  const sql = spec.kind === 'candles.1m' ? RESUME_CANDLES_SQL : RESUME_TICKS_SQL;
  const rows = await db.query(sql, [...params, MAX_RESUME_ROWS + 1]);
  if (rows.length > MAX_RESUME_ROWS)
    throw badRequest(
      'resume_too_old',
      `more than ${MAX_RESUME_ROWS} rows lie between fromTs and the live topic: read /v1/history first`,
    );
  const data =
    spec.kind === 'candles.1m'
      ? rows.map((r) => toCandle(spec.market, spec.quote, r))
      : rows.map((r) => toTick(spec.market, String(r.base), spec.quote, r));
  return { seam, kind: spec.kind, data };
}

/** Keeps live entries whose data time is at or after the seam (see `seamOf`). */
export function liveAfterSeam(seam: number): (entry: FeedEntry) => boolean {
  return (entry) => {
    // Only messages published shortly after the seam can carry older data; later ones pass unparsed.
    if (entry.timestamp >= seam + 10 * MINUTE_MS) return true;
    try {
      const data = (JSON.parse(entry.json) as { data?: { start?: unknown; ts?: unknown } }).data;
      const at = Number(data?.start ?? data?.ts);
      return !(at < seam);
    } catch {
      return true;
    }
  };
}

export const snapshotUnavailable = (e: unknown) =>
  e instanceof ApiError ? e : new ApiError(503, 'history_unavailable', 'the snapshot could not be read');
