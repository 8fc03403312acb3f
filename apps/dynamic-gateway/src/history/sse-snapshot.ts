import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { ApiError, badRequest } from '../http/api-error';
import type { FeedEntry } from '../topics/feed';
import type { HistoryDb } from './db';
import { liveAfterSeam, loadSnapshot, type Snapshot, seamOf } from './stream-snapshot';

export type SnapshotPlan = {
  seam: number;
  keep(entry: FeedEntry): boolean;
  load(spec: DynamicTopicSpec): Promise<void>;
  loaded: Snapshot | undefined;
};

/**
 * A snapshot-then-live subscription (SSE `?snapshot=N`, WebSocket `"snapshot": N`): the live part
 * starts at the seam (see `seamOf`; the caller sets the request's `fromTs` to it) and keeps only
 * entries at or after it; `load` reads the snapshot once the topic's spec is known.
 */
export function planSnapshot(
  count: number,
  hasStart: boolean,
  db: HistoryDb | undefined,
  now: () => number = Date.now,
): SnapshotPlan {
  if (hasStart)
    throw badRequest('invalid_request', 'snapshot starts the stream itself: give no from/fromTs with it', [
      { path: 'snapshot', message: 'not with from/fromTs' },
    ]);
  if (!db) throw new ApiError(503, 'history_disabled', 'history is not configured on this gateway');
  const seam = seamOf(now());
  const plan: SnapshotPlan = {
    seam,
    keep: liveAfterSeam(seam),
    loaded: undefined,
    async load(spec) {
      plan.loaded = await loadSnapshot(db, spec, count, seam);
    },
  };
  return plan;
}

/** The query without `snapshot`, for the stream request parser (which refuses unknown parameters). */
export function withoutSnapshot(query: URLSearchParams): URLSearchParams {
  const rest = new URLSearchParams(query);
  rest.delete('snapshot');
  return rest;
}
