import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { ApiError, badRequest } from '../api-error';
import type { FeedEntry } from '../topic-feed';
import type { HistoryDb } from './history-db';
import { liveAfterSeam, loadSnapshot, parseSnapshotCount, type Snapshot, seamOf } from './stream-snapshot';

export type SnapshotOpening = {
  /** The query without `snapshot` (what the stream request parser knows). */
  query: URLSearchParams;
  seam: number;
  keep(entry: FeedEntry): boolean;
  load(spec: DynamicTopicSpec): Promise<void>;
  loaded: Snapshot | undefined;
};

/**
 * `?snapshot=N` on an SSE stream: the live part starts at the seam (see `seamOf`) and the snapshot is
 * sent as one `snapshot` event right after `ready`. A reconnect (Last-Event-ID) resumes without one.
 */
export function openWithSnapshot(
  query: URLSearchParams,
  lastEventId: string | undefined,
  db: HistoryDb | undefined,
  now: () => number = Date.now,
): SnapshotOpening | undefined {
  const count = parseSnapshotCount(query.get('snapshot'));
  if (count === undefined) return undefined;
  const rest = new URLSearchParams(query);
  rest.delete('snapshot');
  if (lastEventId?.trim()) return undefined;
  if (rest.has('from') || rest.has('fromTs'))
    throw badRequest('invalid_request', 'snapshot starts the stream itself: give no from/fromTs with it', [
      { path: 'snapshot', message: 'not with from/fromTs' },
    ]);
  if (!db) throw new ApiError(503, 'history_disabled', 'history is not configured on this gateway');
  const seam = seamOf(now());
  const opening: SnapshotOpening = {
    query: rest,
    seam,
    keep: liveAfterSeam(seam),
    loaded: undefined,
    async load(spec) {
      opening.loaded = await loadSnapshot(db, spec, count, seam);
    },
  };
  return opening;
}
