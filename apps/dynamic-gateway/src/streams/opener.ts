import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { Logger } from '@mdp/runtime/logger';
import type { Admin, Kafka } from 'kafkajs';
import type { SlowClientPolicy } from '../config';
import { ApiError, badRequest } from '../http/api-error';
import type { GatewayMetrics } from '../metrics';
import { topicBounds } from '../topics/consumer';
import { fetchBytesFor, type TopicFeed } from '../topics/feed';
import type { TopicHub } from '../topics/hub';
import { checkPosition, decodePosition, type Position } from '../topics/position';
import type { ResolvedTopic, TopicResolver } from '../topics/resolver';
import { type HistoryReader, startHistoryReader } from './catch-up-reader';
import { CatchUpSlots } from './catch-up-slots';
import { type CursorCloseReason, FeedCursor } from './feed-cursor';
import type { StreamRequest } from './request';

export type OpenedStream = {
  topic: string;
  spec: DynamicTopicSpec;
  cursor: FeedCursor;
  /** Where this stream starts: the position to resume from if nothing arrives. */
  start: Position;
  close(): void;
};

export type StreamHandlers = {
  onReadable(): void;
  onSlow(reason: CursorCloseReason): void;
  /** A failure after the stream opened (a catch-up read failed): the client is told and closed. */
  onFailure(error: ApiError): void;
};

export type StreamOpenerDeps = {
  kafka: Kafka;
  admin: Admin;
  resolver: TopicResolver;
  hub: TopicHub;
  logger: Logger;
  metrics: GatewayMetrics;
  groupIdPrefix: string;
  fetchMaxWaitMs: number;
  readerReadyTimeoutMs: number;
  maxHistoryReaders: number;
  /** Wait for a free catch-up read (slots are shared fairly between apps). */
  catchUpQueueMs: number;
  /** A catch-up client that reads nothing this long loses its read (503 `catch_up_stalled`). */
  catchUpStallMs: number;
  defaults: { policy: SlowClientPolicy; bufferMessages: number };
  now?: () => number;
};

/** Resolves the topic, attaches to its shared feed at the requested position, starts a catch-up read if needed. */
export function createStreamOpener(deps: StreamOpenerDeps) {
  const slots = new CatchUpSlots({
    total: deps.maxHistoryReaders,
    queueMs: deps.catchUpQueueMs,
    onChange: (used, waiting) => {
      deps.metrics.historyReaders.set(used);
      deps.metrics.historyWaiting.set(waiting);
    },
  });
  const now = deps.now ?? Date.now;

  const startPosition = async (
    req: StreamRequest,
    resolved: ResolvedTopic,
    feed: TopicFeed,
  ): Promise<Position> => {
    if (req.from !== undefined) {
      const decoded = decodePosition(req.from);
      if (!decoded.ok)
        throw badRequest('invalid_position', decoded.error, [{ path: 'from', message: decoded.error }]);
      const checked = checkPosition(decoded.value, await topicBounds(deps.admin, resolved.topic));
      if (checked.ok) return checked.value;
      const problem = checked.error;
      if (problem.code === 'position_expired')
        throw new ApiError(410, 'position_expired', problem.message, [], {
          earliest: problem.earliest.join('.'),
        });
      throw badRequest('invalid_position', problem.message, [{ path: 'from', message: problem.message }]);
    }
    if (req.fromTs !== undefined) {
      if (req.fromTs > now() + 60_000)
        throw badRequest('invalid_position', 'fromTs is in the future', [
          { path: 'fromTs', message: 'in the future' },
        ]);
      if (resolved.retentionMs !== null && req.fromTs < now() - resolved.retentionMs)
        throw new ApiError(
          410,
          'position_expired',
          `fromTs is older than the topic's retention (${resolved.retentionMs} ms)`,
        );
      const offsets = await deps.admin.fetchTopicOffsetsByTimestamp(resolved.topic, req.fromTs);
      const position: Position = [];
      for (const o of offsets) position[o.partition] = Number(o.offset);
      return position;
    }
    return feed.nextPosition();
  };

  return async function open(
    req: StreamRequest,
    appId: string,
    handlers: StreamHandlers,
  ): Promise<OpenedStream> {
    // Refused before a new topic is requested from the coordinator, not after it was created.
    const wanted = deps.resolver.topicOf(req);
    if (wanted !== undefined) deps.hub.assertRoomFor(wanted);
    const resolved = await deps.resolver.resolve(req, appId);
    const feed = await deps.hub.acquire(resolved.topic, resolved.spec.kind, deps.readerReadyTimeoutMs);
    let cursor: FeedCursor | undefined;
    let history: HistoryReader | undefined;
    let endHistory = () => {};
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      cursor?.close();
      void history?.stop();
      endHistory();
      deps.hub.release(resolved.topic);
    };
    try {
      const start = await startPosition(req, resolved, feed);
      cursor = new FeedCursor(feed, start, {
        policy: req.policy ?? deps.defaults.policy,
        maxBuffer: deps.defaults.bufferMessages,
        onReadable: handlers.onReadable,
        onSlow: handlers.onSlow,
      });
      if (cursor.needsHistory) {
        endHistory = await slots.acquire(appId);
        history = await startHistoryReader({
          kafka: deps.kafka,
          admin: deps.admin,
          topic: resolved.topic,
          kind: resolved.spec.kind,
          from: start,
          cursor,
          groupIdPrefix: deps.groupIdPrefix,
          fetchMaxWaitMs: deps.fetchMaxWaitMs,
          fetchMaxBytes: fetchBytesFor(feed.maxBytes),
          logger: deps.logger,
          stallMs: deps.catchUpStallMs,
          onDone: () => endHistory(),
          onStalled: () => {
            endHistory();
            handlers.onFailure(
              new ApiError(
                408,
                'catch_up_stalled',
                `the client read nothing for ${deps.catchUpStallMs} ms while catching up; resume from its last position`,
              ),
            );
          },
          onError: (e) =>
            handlers.onFailure(
              new ApiError(
                503,
                'catch_up_failed',
                `reading from the requested position failed: ${e.message}`,
              ),
            ),
        });
      }
      return { topic: resolved.topic, spec: resolved.spec, cursor, start, close };
    } catch (e) {
      close();
      throw e;
    }
  };
}

export type StreamOpener = ReturnType<typeof createStreamOpener>;
