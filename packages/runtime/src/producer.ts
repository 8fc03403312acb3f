import { Headers } from '@mdp/contracts/headers';
import {
  CompressionTypes,
  type IHeaders,
  type Kafka,
  type Message,
  Partitioners,
  type Producer,
} from 'kafkajs';
import { createBatcher, type Scheduler } from './batcher';
import { DEFAULT_KAFKA_RETRY } from './kafka-client';
import { counter, histogram, type Registry } from './metrics';
import { newTraceparent } from './trace';

/** A message whose value is already encoded (and so validated) by `encode()` of @mdp/contracts. */
export type OutgoingMessage = {
  key: string | Buffer | null;
  /** null is a tombstone (deletes the key from a compacted topic). */
  value: Buffer | null;
  /** Trace context of this message; a new trace is started when absent (see `childTraceparent`). */
  traceparent?: string;
  /** Envelope type, written to the `message-type` header. */
  type?: string;
  headers?: Readonly<Record<string, string | Buffer>>;
  partition?: number;
};

/** The kafkajs message with `produced-at` (epoch ms), `traceparent` and `message-type` headers set. */
export function toKafkaMessage(msg: OutgoingMessage, nowMs: number): Message {
  const headers: IHeaders = {
    ...msg.headers,
    [Headers.producedAt]: String(nowMs),
    [Headers.traceparent]: msg.traceparent ?? newTraceparent(),
  };
  if (msg.type !== undefined) headers[Headers.messageType] = msg.type;
  const message: Message = { key: msg.key, value: msg.value, headers };
  if (msg.partition !== undefined) message.partition = msg.partition;
  return message;
}

export type IdempotentProducerOptions = {
  /** Longest wait before a partial batch is sent. Default 5 ms. */
  lingerMs?: number;
  /** A batch is sent as soon as this many messages wait. Default 500. */
  maxBatchMessages?: number;
  /**
   * kafkajs retries of one send before its error reaches the caller. Default 10 (about 2.5 min):
   * bounded, so a broker outage surfaces as an error the caller's machine handles (kafkajs warns
   * that this may weaken its guarantees; a resend by the same producer reuses sequence numbers).
   */
  retries?: number;
  compression?: CompressionTypes;
  metrics?: Registry;
  now?: () => number;
  schedule?: Scheduler;
};

export type IdempotentProducer = {
  connect(): Promise<void>;
  /** Resolves when every message is acknowledged by all in-sync replicas; rejects with the send error. */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Sends what waits for the linger timer now. */
  flush(): Promise<void>;
  /** Flushes, then disconnects. */
  disconnect(): Promise<void>;
  pending(): number;
  readonly producer: Producer;
};

type Item = { topic: string; message: Message };

/**
 * kafkajs's idempotent mode: `idempotent: true` with `acks: -1` (required), retries > 0, and one
 * request in flight per broker (`maxInFlightRequests: 1`) so sequence numbers never race.
 * The Java-compatible partitioner keeps a key on the same partition as other clients would.
 */
export function createIdempotentProducer(
  kafka: Kafka,
  opts: IdempotentProducerOptions = {},
): IdempotentProducer {
  const now = opts.now ?? Date.now;
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { ...DEFAULT_KAFKA_RETRY, retries: opts.retries ?? 10 },
  });
  const sent =
    opts.metrics &&
    counter(opts.metrics, {
      name: 'producer_messages_total',
      help: 'Messages acknowledged by the broker',
      labelNames: ['topic'],
    });
  const failed =
    opts.metrics &&
    counter(opts.metrics, {
      name: 'producer_send_errors_total',
      help: 'Messages whose send failed',
      labelNames: ['topic'],
    });
  const duration =
    opts.metrics &&
    histogram(opts.metrics, {
      name: 'producer_batch_duration_seconds',
      help: 'Time to send one batch',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    });

  const sendBatch = async (items: Item[]) => {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of items) {
      const list = byTopic.get(topic) ?? [];
      list.push(message);
      byTopic.set(topic, list);
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    const endTimer = duration?.startTimer();
    try {
      await producer.sendBatch({
        topicMessages,
        acks: -1,
        compression: opts.compression ?? CompressionTypes.None,
      });
      for (const t of topicMessages) sent?.inc({ topic: t.topic }, t.messages.length);
    } catch (e) {
      for (const t of topicMessages) failed?.inc({ topic: t.topic }, t.messages.length);
      throw e;
    } finally {
      endTimer?.();
    }
  };

  const batcher = createBatcher<Item>({
    maxItems: opts.maxBatchMessages ?? 500,
    lingerMs: opts.lingerMs ?? 5,
    flush: sendBatch,
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
  });

  return {
    connect: () => producer.connect(),
    send: (topic, messages) => {
      const at = now();
      return batcher.add(messages.map((m) => ({ topic, message: toKafkaMessage(m, at) })));
    },
    flush: () => batcher.flush(),
    disconnect: async () => {
      await batcher.flush();
      await producer.disconnect();
    },
    pending: () => batcher.pending(),
    producer,
  };
}
