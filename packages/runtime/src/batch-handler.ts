import type { Result } from '@mdp/contracts/result';
import type { EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import type { DlqLimits, RejectReason } from './dlq';
import { createDlqPublisher } from './dlq-publisher';
import type { Logger } from './logger';
import { counter, gauge, type Registry } from './metrics';
import type { OutgoingMessage } from './outgoing-message';

/** A message that passed validation, with where it came from. */
export type ConsumedMessage<T> = {
  value: T;
  key: string | null;
  topic: string;
  partition: number;
  offset: string;
  headers: IHeaders;
  message: KafkaMessage;
};

export type BatchContext = {
  topic: string;
  partition: number;
  highWatermark: string;
  heartbeat(): Promise<void>;
  /** Pauses this topic-partition (nothing more is fetched from it); returns the function that resumes it. */
  pause(): () => void;
  isRunning(): boolean;
  isStale(): boolean;
};

/**
 * `'retry'`: nothing of this chunk is committed and it will be fetched again (call `ctx.pause()`
 * first and resume after a backoff, or it comes back at once). Anything else: the chunk is done.
 */
export type BatchOutcome = 'retry' | undefined;

export type Decoder<T> = (value: Buffer | null, message: KafkaMessage) => Result<T, RejectReason>;

export type BatchHandlerOptions<T> = {
  app: string;
  dlqTopic: string;
  decode: Decoder<T>;
  handleBatch: (valid: ConsumedMessage<T>[], ctx: BatchContext) => Promise<BatchOutcome>;
  sendToDlq: (topic: string, messages: OutgoingMessage[]) => Promise<void>;
  /** Bounds of a DLQ record (a larger message goes as an excerpt with its size and hash). */
  dlqLimits?: Partial<DlqLimits>;
  logger: Logger;
  metrics?: Registry;
  /** Chunk size: offsets are committed after each chunk. Default 500. */
  maxBatchMessages?: number;
  /** Heartbeat while `handleBatch` runs (kafkajs throttles to its heartbeatInterval). Default 3000 ms. */
  heartbeatIntervalMs?: number;
  now?: () => Date;
};

function decodeSafely<T>(decode: Decoder<T>, message: KafkaMessage): Result<T, RejectReason> {
  try {
    return decode(message.value, message);
  } catch (e) {
    return { ok: false, error: { code: 'decoder_threw', message: (e as Error).message ?? String(e) } };
  }
}

/**
 * The `eachBatch` of a validated consumer. Per chunk: decode every message; hand the valid ones to
 * `handleBatch` (heartbeating meanwhile); put the invalid ones on the DLQ with the reason; only then
 * resolve and commit the chunk's offsets. A crash anywhere replays the chunk: nothing is lost.
 */
export function createBatchHandler<T>(
  opts: BatchHandlerOptions<T>,
): (payload: EachBatchPayload) => Promise<void> {
  const chunkSize = opts.maxBatchMessages ?? 500;
  const m = opts.metrics;
  const publishToDlq = createDlqPublisher({
    send: (messages) => opts.sendToDlq(opts.dlqTopic, messages),
    app: opts.app,
    logger: opts.logger,
    ...(opts.dlqLimits ? { limits: opts.dlqLimits } : {}),
    ...(m ? { metrics: m } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const consumed =
    m &&
    counter(m, {
      name: 'consumer_messages_total',
      help: 'Messages consumed, by outcome',
      labelNames: ['topic', 'outcome'],
    });
  const dlqCount =
    m &&
    counter(m, {
      name: 'consumer_dlq_messages_total',
      help: 'Messages sent to the DLQ, by reason',
      labelNames: ['topic', 'reason_code'],
    });
  const lag =
    m &&
    gauge(m, {
      name: 'consumer_lag_messages',
      help: 'Messages behind the high watermark after the last batch',
      labelNames: ['topic', 'partition'],
    });

  const withHeartbeat = async <R>(payload: EachBatchPayload, work: () => Promise<R>): Promise<R> => {
    const timer = setInterval(() => {
      payload
        .heartbeat()
        .catch((e: unknown) => opts.logger.debug({ err: e }, 'heartbeat during batch failed'));
    }, opts.heartbeatIntervalMs ?? 3000);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  };

  const rejectToDlq = async (
    topic: string,
    partition: number,
    rejected: Array<{ message: KafkaMessage; reason: RejectReason }>,
  ) => {
    await publishToDlq(
      rejected.map((r) => ({ record: { topic, partition, message: r.message }, reason: r.reason })),
    );
    for (const { message, reason } of rejected) {
      dlqCount?.inc({ topic, reason_code: reason.code });
      const why = { code: reason.code, message: reason.message };
      opts.logger.warn(
        { topic, partition, offset: message.offset, reason: why },
        'message rejected to the DLQ',
      );
    }
  };

  return async (payload) => {
    const { batch } = payload;
    const { topic, partition } = batch;
    const ctx: BatchContext = {
      topic,
      partition,
      highWatermark: batch.highWatermark,
      heartbeat: () => payload.heartbeat(),
      pause: () => payload.pause(),
      isRunning: () => payload.isRunning(),
      isStale: () => payload.isStale(),
    };
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = batch.messages.slice(start, start + chunkSize);
      const valid: ConsumedMessage<T>[] = [];
      const rejected: Array<{ message: KafkaMessage; reason: RejectReason }> = [];
      for (const message of chunk) {
        const decoded = decodeSafely(opts.decode, message);
        if (!decoded.ok) {
          rejected.push({ message, reason: decoded.error });
          continue;
        }
        const key = message.key === null ? null : message.key.toString('utf8');
        const headers = message.headers ?? {};
        valid.push({ value: decoded.value, key, topic, partition, offset: message.offset, headers, message });
      }
      if (valid.length > 0) {
        const outcome = await withHeartbeat(payload, () => opts.handleBatch(valid, ctx));
        if (outcome === 'retry') return;
      }
      if (rejected.length > 0) await rejectToDlq(topic, partition, rejected);
      consumed?.inc({ topic, outcome: 'valid' }, valid.length);
      consumed?.inc({ topic, outcome: 'invalid' }, rejected.length);
      const last = chunk[chunk.length - 1];
      if (last) payload.resolveOffset(last.offset);
      await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
      await payload.heartbeat();
    }
    lag?.set({ topic, partition: String(partition) }, Number(batch.offsetLag()));
  };
}
