import { randomUUID } from 'node:crypto';
import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { Logger } from '@mdp/runtime/logger';
import type { Admin, EachBatchPayload, Kafka } from 'kafkajs';
import { decodeBatch } from '../topics/batch-decoder';
import { startPositionedConsumer, topicBounds } from '../topics/consumer';
import type { Position } from '../topics/position';
import type { FeedCursor } from './feed-cursor';

export type HistoryReaderOptions = {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  kind: DynamicTopicSpec['kind'];
  from: Position;
  cursor: FeedCursor;
  groupIdPrefix: string;
  fetchMaxWaitMs: number;
  fetchMaxBytes: number;
  logger: Logger;
  /** The client took nothing this long while its backlog was full: the read stops (`onStalled`). */
  stallMs: number;
  onDone(): void;
  onError(e: Error): void;
  onStalled(): void;
};

export type HistoryReader = { stop(): Promise<void> };

/**
 * A client's own catch-up read, for a position older than the shared in-memory feed: reads the topic
 * from that position into the client's backlog, at the client's pace (it waits when the backlog is
 * full, so only this client's read slows down), and hands over to the shared feed as soon as the
 * feed covers what was read. Invalid messages are skipped here (the topic's reader DLQs them).
 */
export async function startHistoryReader(opts: HistoryReaderOptions): Promise<HistoryReader> {
  const read = [...opts.from];
  let stopped = false;
  let stopping: Promise<void> | undefined;
  const logger = opts.logger.child({ component: 'history-reader', topic: opts.topic });

  const eachBatch = async ({ batch, isRunning, isStale }: EachBatchPayload) => {
    if (stopped || !isRunning() || isStale() || batch.messages.length === 0) return;
    const p = batch.partition;
    const first = Number(batch.messages[0]?.offset ?? batch.firstOffset());
    if (first > (read[p] ?? 0)) {
      // Offsets can jump (control records), but a jump over deleted data must become a gap.
      const { low } = await topicBounds(opts.admin, opts.topic);
      if ((low[p] ?? 0) > (read[p] ?? 0)) opts.cursor.onExpired(p, low[p] ?? 0);
    }
    opts.cursor.pushHistory(decodeBatch(opts.kind, p, batch.messages).entries);
    read[p] = Number(batch.lastOffset()) + 1;
    if (opts.cursor.catchUp(read)) {
      stopped = true;
      setImmediate(() => {
        void handle.stop().then(opts.onDone);
      });
      return;
    }
    if (await roomOrStall(opts.cursor, opts.stallMs)) return;
    // The client does not read: its slot goes to someone who does, it is told (and closed).
    logger.info({ stallMs: opts.stallMs }, 'catch-up client stalled, read stopped');
    stopped = true;
    setImmediate(() => {
      void handle.stop().then(opts.onStalled);
    });
  };

  const consumer = await startPositionedConsumer({
    kafka: opts.kafka,
    topic: opts.topic,
    position: read,
    groupId: `${opts.groupIdPrefix}.${randomUUID()}`,
    fetchMaxWaitMs: opts.fetchMaxWaitMs,
    fetchMaxBytes: opts.fetchMaxBytes,
    eachBatch,
    onCrash: (e) => {
      if (!stopped) opts.onError(e);
    },
  });
  logger.debug({ from: opts.from }, 'history read started');
  const handle: HistoryReader = {
    stop() {
      stopped = true;
      stopping ??= consumer
        .disconnect()
        .catch((e: unknown) => logger.warn({ err: e }, 'history reader disconnect failed'));
      return stopping;
    },
  };
  // The feed may already cover the start (it moved on while the consumer joined).
  if (opts.cursor.catchUp(read)) await handle.stop().then(opts.onDone);
  return handle;
}

/** Waits for room in the client's backlog; false when the client took nothing for `stallMs`. */
async function roomOrStall(cursor: FeedCursor, stallMs: number): Promise<boolean> {
  let seen = cursor.handedOut;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const room = await Promise.race([
      cursor.waitForRoom().then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), stallMs);
      }),
    ]);
    clearTimeout(timer);
    if (room || cursor.isClosed) return true;
    if (cursor.handedOut === seen) return false;
    seen = cursor.handedOut;
  }
}
