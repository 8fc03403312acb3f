import { ApiError } from '../http/api-error';
import type { OpenedStream } from '../streams/opener';
import type { StreamRequest } from '../streams/request';
import type { HistoryDb } from './db';
import { planSnapshot, type SnapshotPlan } from './sse-snapshot';
import { liveAfterSeam, loadSince, seamOf } from './stream-snapshot';

/** What SSE and WebSocket subscriptions need of history. */
export type HistoryAccess = {
  db: HistoryDb;
  /** When the topic was created (epoch ms), from the registry; undefined when unknown. */
  createdAt(topic: string): number | undefined;
};

type Open = (request: StreamRequest) => Promise<OpenedStream>;

async function openAtSeam(open: Open, request: StreamRequest, plan: SnapshotPlan) {
  const stream = await open({ ...request, from: undefined, fromTs: plan.seam });
  try {
    await plan.load(stream.spec);
  } catch (e) {
    stream.close();
    throw e;
  }
  return { stream, plan };
}

/**
 * Opens a subscription, with history where it asks for it:
 * - `snapshot` N: the snapshot, then live from the seam (see `seamOf`);
 * - `fromTs` older than the topic (before its creation, or expired): what the database has from `fromTs`
 *   to the seam, then live from the seam, with the same seam rule (no gap, no duplicate);
 * - otherwise the plain stream.
 */
export async function openWithHistory(
  open: Open,
  request: StreamRequest,
  snapshotCount: number | undefined,
  history: HistoryAccess | undefined,
  now: () => number = Date.now,
): Promise<{ stream: OpenedStream; plan: SnapshotPlan | undefined }> {
  if (snapshotCount !== undefined) {
    const hasStart = request.from !== undefined || request.fromTs !== undefined;
    return openAtSeam(open, request, planSnapshot(snapshotCount, hasStart, history?.db, now));
  }
  const fromTs = request.fromTs;
  const seam = seamOf(now());
  if (fromTs === undefined || !history || fromTs >= seam)
    return { stream: await open(request), plan: undefined };
  const db = history.db;
  const resume = (): SnapshotPlan => {
    const plan: SnapshotPlan = {
      seam,
      keep: liveAfterSeam(seam),
      loaded: undefined,
      async load(spec) {
        plan.loaded = await loadSince(db, spec, fromTs, seam);
      },
    };
    return plan;
  };
  let stream: OpenedStream;
  try {
    stream = await open(request);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'position_expired') return openAtSeam(open, request, resume());
    throw e;
  }
  const created = history.createdAt(stream.topic);
  if (created === undefined || fromTs >= created) return { stream, plan: undefined };
  stream.close();
  return openAtSeam(open, request, resume());
}
