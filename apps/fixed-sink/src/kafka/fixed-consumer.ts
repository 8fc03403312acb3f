import { restartAfterFinalCrash } from '@mdp/runtime/crash-restart';
import type { Logger } from '@mdp/runtime/logger';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { PartitionRange, SourceMessage } from '../batches/batch';
import type { BatchBuffer } from '../batches/buffer';
import type { Rejection, SinkRow } from '../batches/rows';
import type { CommitResult } from '../machine-types';

export type PauseReason = 'database' | 'backpressure' | 'draining';

export type FixedConsumerOptions = {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly maxBytesPerPartition: number;
  readonly maxWaitMs: number;
  readonly buffer: BatchBuffer;
  /** Validates and maps a message as it arrives (see `SourceMessage.decoded`). */
  readonly decode: (source: SourceMessage) => SinkRow | Rejection;
  /**
   * The next offsets the database holds for this group (the truth: written with the rows). Read at
   * every assignment; the assigned partitions are sought there.
   */
  readonly storedOffsets?: () => Promise<readonly { topic: string; partition: number; offset: string }[]>;
  /** Called after each fetched batch was buffered: the app decides whether a sink batch is due. */
  readonly onBuffered: () => void;
  /** A background commit the group refused (rebalance): harmless, the database holds the offsets. */
  readonly onCommitRefused?: (reason: string) => void;
  readonly logger: Logger;
  readonly now?: () => number;
};

export type FixedConsumer = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Consumption is paused while any reason holds. */
  setPaused(reason: PauseReason, paused: boolean): void;
  /** Commits the offsets after each range (only ever called after the database commit). */
  commit(ranges: readonly PartitionRange[]): Promise<CommitResult>;
  /**
   * Commits in the background, in order: the offsets are already stored with the rows in the
   * database (the truth), so the next batch does not wait for the broker. `stop` waits for them.
   */
  commitInBackground(ranges: readonly PartitionRange[]): void;
  /** Fetches these ranges again (a batch given up) and drops what was buffered after them. */
  rewind(ranges: readonly PartitionRange[]): void;
  /** Joined its group and not crashed: what readiness reports for Kafka. */
  isReady(): boolean;
  readonly consumer: Consumer;
};

const SEEK_READ_TIMEOUT_MS = 5000;

const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR',
]);

/** Does this kafkajs error (or one it wraps) say the group moved on, so the commit cannot succeed? */
export function isGroupMovedOn(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && REBALANCE_ERRORS.has(type)) return true;
    e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Decodes one message; a decoder that throws rejects the message (to the DLQ) instead: thrown out of
 * eachBatch it would crash the consumer, which would fetch the same message again, forever.
 */
export function decodeOrReject(
  decode: FixedConsumerOptions['decode'],
  source: SourceMessage,
): SinkRow | Rejection {
  try {
    return decode(source);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { source, code: 'decoder_threw', reason: reason.slice(0, 1000) };
  }
}

/**
 * The fixed topics' consumer-group member. Fetched batches go into the buffer at once (kafkajs moves
 * on and keeps heartbeating); offsets are committed by hand, only for batches the database holds.
 * A rebalance empties the buffer: kafkajs fetches again from the committed offsets.
 */
export function createFixedConsumer(opts: FixedConsumerOptions): FixedConsumer {
  const now = opts.now ?? Date.now;
  const logger = opts.logger.child({ component: 'consumer', groupId: opts.groupId });
  const consumer = opts.kafka.consumer({
    groupId: opts.groupId,
    sessionTimeout: opts.sessionTimeoutMs,
    heartbeatInterval: opts.heartbeatIntervalMs,
    maxBytesPerPartition: opts.maxBytesPerPartition,
    // kafkajs sleeps this long when every partition is paused: keep it short so resuming is prompt.
    maxWaitTimeInMs: opts.maxWaitMs,
    allowAutoTopicCreation: false,
  });
  const pauses = new Set<PauseReason>();
  let joined = false;
  let crashed = false;
  const all = () => opts.topics.map((topic) => ({ topic }));
  const applyPause = () => {
    try {
      if (pauses.size > 0) consumer.pause(all());
      else consumer.resume(all());
    } catch (error) {
      // Not running yet (or any more): GROUP_JOIN applies the pause state when it joins.
      logger.debug({ err: error }, 'pause state not applied');
    }
  };

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    joined = true;
    crashed = false;
    const dropped = opts.buffer.clear();
    logger.info({ assignment: payload.memberAssignment, droppedBuffered: dropped }, 'joined group');
    if (pauses.size > 0) applyPause();
    seeking = seekToStored(payload.memberAssignment).finally(() => {
      seeking = undefined;
    });
  });

  // Kafka's committed offset can be behind the database's (a crash between the two commits): start
  // where the database says. Until the seek lands, what is fetched from Kafka's offset is a replay,
  // written idempotently.
  let seeking: Promise<void> | undefined;
  const seekToStored = async (assignment: Record<string, number[]>) => {
    if (!opts.storedOffsets) return;
    try {
      const assigned = new Set(
        Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}:${p}`)),
      );
      // Bounded: fetching waits for this (a database that does not answer must not stall the group).
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('stored offsets not read within 5 s')),
          SEEK_READ_TIMEOUT_MS,
        );
      });
      const all = await Promise.race([opts.storedOffsets(), timeout]).finally(() => clearTimeout(timer));
      const stored = all.filter((o) => assigned.has(`${o.topic}:${o.partition}`));
      const sought = new Set(stored.map((o) => `${o.topic}:${o.partition}`));
      opts.buffer.drop((topic, partition) => sought.has(`${topic}:${partition}`));
      for (const o of stored) consumer.seek({ topic: o.topic, partition: o.partition, offset: o.offset });
      if (stored.length > 0) logger.info({ offsets: stored }, 'sought to the offsets stored in the database');
      // Kafka's offsets may be behind (a background commit refused during a rebalance): bring them to
      // the truth, or lag tooling would show a lag that nothing new will ever clear.
      api.commitInBackground(
        stored.map((o) => ({ ...o, firstOffset: o.offset, lastOffset: (BigInt(o.offset) - 1n).toString() })),
      );
    } catch (error) {
      logger.warn({ err: error }, 'stored offsets not read: consuming from the committed offsets');
    }
  };
  // A crash kafkajs will not restart (a final error as the broker goes away): restarted with backoff.
  const restarts = restartAfterFinalCrash({ consumer, run: () => api.start(), logger });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    crashed = !payload.restart;
    joined = false;
    logger.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
  });
  consumer.on(consumer.events.STOP, () => {
    joined = false;
  });

  const eachBatch = async ({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload) => {
    // Fetched before the database's offsets were read: after the seek it may be stale.
    if (seeking) await seeking;
    // A stale batch was fetched before a rewind: its partition is fetched again from the rewound offset.
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const { topic, partition } = batch;
    opts.buffer.add(
      batch.messages.map((message) => {
        const source: {
          topic: string;
          partition: number;
          message: KafkaMessage;
          decoded?: SinkRow | Rejection;
        } = { topic, partition, message };
        source.decoded = decodeOrReject(opts.decode, source);
        return source;
      }),
      now(),
    );
    // The fetch position moves on; nothing is committed until the database holds these messages.
    resolveOffset(batch.lastOffset());
    opts.onBuffered();
  };

  let commits: Promise<void> = Promise.resolve();
  const api: FixedConsumer = {
    consumer,
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics: [...opts.topics], fromBeginning: opts.fromBeginning });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
      logger.info({ topics: opts.topics }, 'consuming');
    },
    async stop() {
      restarts.stop();
      await commits;
      await consumer.disconnect();
      joined = false;
    },
    setPaused(reason, paused) {
      const before = pauses.size;
      if (paused) pauses.add(reason);
      else pauses.delete(reason);
      if ((before === 0) !== (pauses.size === 0)) applyPause();
    },
    async commit(ranges) {
      if (ranges.length === 0) return { committed: true };
      try {
        await consumer.commitOffsets(
          ranges.map((r) => ({
            topic: r.topic,
            partition: r.partition,
            offset: (BigInt(r.lastOffset) + 1n).toString(),
          })),
        );
        return { committed: true };
      } catch (error) {
        // The rows are stored: a new owner of the partitions reads them again and writes nothing new.
        if (isGroupMovedOn(error)) return { committed: false, reason: (error as Error).message };
        throw error;
      }
    },
    commitInBackground(ranges) {
      commits = commits.then(async () => {
        try {
          const result = await api.commit(ranges);
          if (!result.committed) opts.onCommitRefused?.(result.reason ?? 'refused');
        } catch (error) {
          // A later commit covers these offsets; a restart seeks to the database's anyway.
          logger.warn({ err: error }, 'offset commit to Kafka failed (offsets are stored in the database)');
        }
      });
    },
    rewind(ranges) {
      const rewound = new Set(ranges.map((r) => `${r.topic}:${r.partition}`));
      opts.buffer.drop((topic, partition) => rewound.has(`${topic}:${partition}`));
      for (const r of ranges)
        consumer.seek({ topic: r.topic, partition: r.partition, offset: r.firstOffset });
    },
    isReady: () => joined && !crashed,
  };
  return api;
}
