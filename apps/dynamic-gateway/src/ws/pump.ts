import type { SnapshotPlan } from '../history/sse-snapshot';
import type { DeliveryMeter } from '../metrics';
import type { FeedCursor } from '../streams/feed-cursor';
import type { OpenedStream } from '../streams/opener';
import { wsDataFrame, wsGapFrame } from '../streams/wire-format';
import type { FeedEntry } from '../topics/feed';
import { encodePosition } from '../topics/position';
import type { WsSocket } from './socket';

/** One subscription of a WebSocket; `stream` is set once the opener resolved. */
export type WsSubscription = {
  stream?: OpenedStream;
  cancelled: boolean;
  meter: DeliveryMeter;
  release: () => void;
  /** Set for a snapshot-then-live subscription: which live entries come after its seam. */
  snapshot?: SnapshotPlan;
};

/** Most messages in one data frame (fewer when they pass the socket's data-frame bytes). */
const CHUNK = 500;
const TAKE_STEP = 32;

/** The messages of one data frame: up to CHUNK, stopping once their JSON passes `maxBytes`. */
export function takeFrameEntries(cursor: FeedCursor, maxBytes: number): FeedEntry[] {
  const entries: FeedEntry[] = [];
  let bytes = 0;
  while (entries.length < CHUNK && bytes < maxBytes) {
    const more = cursor.take(Math.min(TAKE_STEP, CHUNK - entries.length));
    if (more.length === 0) break;
    for (const e of more) {
      entries.push(e);
      bytes += e.json.length;
    }
  }
  return entries;
}

/**
 * Round-robin over the subscriptions while the socket takes more; never waits for the socket.
 * Stops when the socket refuses a frame (its buffer limit closed the client) or `stopped()`.
 */
export function pumpSubscriptions(
  socket: WsSocket,
  subs: ReadonlyMap<string, WsSubscription>,
  stopped: () => boolean,
): void {
  let progressed = true;
  while (!stopped() && progressed && socket.hasRoom()) {
    progressed = false;
    for (const [id, sub] of subs) {
      if (!sub.stream) continue;
      const { cursor, topic } = sub.stream;
      const gap = cursor.takeGap();
      if (gap) {
        sub.meter.skipped(gap);
        if (!socket.send(wsGapFrame(id, topic, gap))) return;
      }
      const entries = takeFrameEntries(cursor, socket.dataFrameBytes);
      const kept = sub.snapshot ? entries.filter(sub.snapshot.keep) : entries;
      if (kept.length > 0) {
        const frame = wsDataFrame(id, topic, encodePosition(cursor.currentPosition()), kept);
        if (!socket.send(frame)) return;
        sub.meter.delivered(kept.length);
      }
      progressed ||= gap !== undefined || entries.length > 0;
      if (stopped() || !socket.hasRoom()) break;
    }
  }
}
