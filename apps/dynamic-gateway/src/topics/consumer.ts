import { randomUUID } from 'node:crypto';
import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { RejectReason } from '@mdp/runtime/dlq';
import { createDlqPublisher } from '@mdp/runtime/dlq-publisher';
import type { Logger } from '@mdp/runtime/logger';
import type { Registry } from '@mdp/runtime/metrics';
import type { OutgoingMessage } from '@mdp/runtime/outgoing-message';
import { retry } from '@mdp/runtime/retry';
import type { Admin, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { fromCallback } from 'xstate';
import type { TopicConsumerInput, TopicReaderEvent } from '../machine';
import { decodeBatch } from './batch-decoder';
import { fetchBytesFor, type TopicFeed } from './feed';
import type { Position } from './position';

export type TopicConsumerDeps = {
  kafka: Kafka;
  admin: Admin;
  app: string;
  /** The feed and the data kind of a topic this gateway reads. */
  lookup(topic: string): { feed: TopicFeed; kind: DynamicTopicSpec['kind'] } | undefined;
  sendToDlq(messages: OutgoingMessage[]): Promise<void>;
  groupIdPrefix: string;
  fetchMaxWaitMs: number;
  logger: Logger;
  /** Disconnects in flight, so the gateway's stop can wait for them. */
  track(closing: Promise<void>): void;
  onRejected?(topic: string, count: number): void;
  /** Where the DLQ publisher counts its records by form (`dlq_records_total`). */
  metrics?: Registry;
};

/** A partition whose leader is still being elected: kafkajs gives up on it at once. */
const electingLeader = (e: unknown) => {
  const type = (e as { type?: string }).type;
  return type === 'NOT_LEADER_FOR_PARTITION' || type === 'LEADER_NOT_AVAILABLE';
};

/**
 * High watermarks (and earliest offsets) of every partition, in partition order. A topic created a
 * moment ago may still be electing leaders: retry every 100 ms for about 3 s, with the metadata
 * refreshed before each new try, so a new topic streams without a reader backoff.
 */
export async function topicBounds(admin: Admin, topic: string): Promise<{ low: number[]; high: number[] }> {
  const offsets = await retry(
    async (attempt) => {
      if (attempt > 1) await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => {});
      return admin.fetchTopicOffsets(topic);
    },
    { backoff: { baseMs: 100, maxMs: 100, jitter: 'none' }, maxAttempts: 31, retryable: electingLeader },
  );
  const low: number[] = [];
  const high: number[] = [];
  for (const o of offsets) {
    low[o.partition] = Number(o.low);
    high[o.partition] = Number(o.high);
  }
  return { low, high };
}

/**
 * Starts a kafkajs consumer positioned at `position` on every partition of `topic`. Its group is
 * unique and never commits (the gateway is a reader; positions live in clients' hands). Seeks are
 * registered before the group join, so the first fetch already starts there; kafkajs's own restart
 * is off: a crash goes to `onCrash` and the caller's machine decides (backoff, new consumer).
 */
export async function startPositionedConsumer(opts: {
  kafka: Kafka;
  topic: string;
  position: Position;
  groupId: string;
  fetchMaxWaitMs: number;
  /** Bytes one fetch may bring (all partitions together): bounds what a read holds in memory. */
  fetchMaxBytes?: number;
  eachBatch: (payload: EachBatchPayload) => Promise<void>;
  onCrash: (error: Error) => void;
}) {
  const consumer = opts.kafka.consumer({
    groupId: opts.groupId,
    maxWaitTimeInMs: opts.fetchMaxWaitMs,
    allowAutoTopicCreation: false,
    ...(opts.fetchMaxBytes ? { maxBytes: opts.fetchMaxBytes, maxBytesPerPartition: opts.fetchMaxBytes } : {}),
    retry: { retries: 5, restartOnFailure: async () => false },
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => opts.onCrash(payload.error));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [opts.topic], fromBeginning: false });
    const running = consumer.run({ autoCommit: false, eachBatch: opts.eachBatch });
    for (const [partition, offset] of opts.position.entries())
      consumer.seek({ topic: opts.topic, partition, offset: String(offset) });
    await running;
    return consumer;
  } catch (e) {
    await consumer.disconnect().catch(() => {});
    throw e;
  }
}

/** The real `topicConsumer` of the topic reader machine: one Kafka read of a topic for all its clients. */
export function createTopicConsumer(deps: TopicConsumerDeps) {
  return fromCallback<TopicReaderEvent, TopicConsumerInput>(({ input, sendBack }) => {
    const { topic } = input;
    const logger = deps.logger.child({ component: 'topic-reader', topic });
    let stopped = false;
    const fail = (type: 'SUBSCRIBE_FAILURE' | 'PROCESS_FAILURE' | 'INTERACT_FAILURE', e: unknown) => {
      if (stopped) return;
      stopped = true;
      logger.warn({ err: e, type }, 'topic reader failed');
      sendBack({ type, error: e instanceof Error ? e.message : String(e) });
    };

    const eachBatch = async ({ batch, isRunning, isStale }: EachBatchPayload) => {
      const target = deps.lookup(topic);
      if (stopped || !target || !isRunning() || isStale() || batch.messages.length === 0) return;
      sendBack({ type: 'MESSAGE_RECEIVED', partition: batch.partition, count: batch.messages.length });
      const decoded = decodeBatch(target.kind, batch.partition, batch.messages);
      try {
        if (decoded.rejected.length > 0) await rejectToDlq(decoded.rejected, batch.partition);
      } catch (e) {
        return fail('PROCESS_FAILURE', e);
      }
      if (stopped) return;
      sendBack({ type: 'PROCESS_SUCCESS', valid: decoded.entries.length, invalid: decoded.rejected.length });
      try {
        target.feed.append(decoded.entries);
        target.feed.advance(batch.partition, Number(batch.lastOffset()) + 1);
      } catch (e) {
        return fail('INTERACT_FAILURE', e);
      }
      sendBack({ type: 'INTERACT_SUCCESS', position: target.feed.nextPosition() });
    };

    // A message too large to copy goes as an excerpt (size, hash): the DLQ send fails only when the
    // broker is unreachable, so the reader's backoff never replays a poison message without end.
    const publishToDlq = createDlqPublisher({
      send: deps.sendToDlq,
      app: deps.app,
      logger,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    });
    const rejectToDlq = async (
      rejected: Array<{ message: KafkaMessage; reason: RejectReason }>,
      partition: number,
    ) => {
      await publishToDlq(
        rejected.map((r) => ({ record: { topic, partition, message: r.message }, reason: r.reason })),
      );
      deps.onRejected?.(topic, rejected.length);
      logger.warn(
        { partition, count: rejected.length, first: rejected[0]?.reason },
        'invalid messages sent to the DLQ',
      );
    };

    const started = (async () => {
      const target = deps.lookup(topic);
      if (!target) throw new Error(`no feed for ${topic}`);
      const bounds = await topicBounds(deps.admin, topic);
      const position = bounds.high.map((high, p) => {
        const wanted = input.position?.[p] ?? target.feed.resumePosition()?.[p] ?? high;
        const low = bounds.low[p] ?? 0;
        if (wanted >= low) return wanted;
        // Retention deleted data while the reader was down: clients are told (gap), never silently skipped.
        logger.error({ partition: p, wanted, low }, 'resume position expired while the reader was down');
        target.feed.skipExpired(p, low);
        return low;
      });
      if (stopped) return undefined;
      const c = await startPositionedConsumer({
        kafka: deps.kafka,
        topic,
        position,
        groupId: `${deps.groupIdPrefix}.${randomUUID()}`,
        fetchMaxWaitMs: deps.fetchMaxWaitMs,
        fetchMaxBytes: fetchBytesFor(target.feed.maxBytes),
        eachBatch,
        onCrash: (e) => fail('SUBSCRIBE_FAILURE', e),
      });
      if (stopped) return c;
      target.feed.markLive(position);
      logger.info({ position }, 'topic reader subscribed');
      sendBack({ type: 'SUBSCRIBE_SUCCESS', position });
      return c;
    })().catch((e: unknown) => {
      fail('SUBSCRIBE_FAILURE', e);
      return undefined;
    });

    return () => {
      stopped = true;
      deps.track(
        started
          .then((c) => c?.disconnect())
          .catch((e: unknown) => logger.warn({ err: e }, 'topic reader disconnect failed')),
      );
    };
  });
}
