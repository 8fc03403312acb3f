import { topicMetricLabel } from '@mdp/contracts/topic-names';
import { CompressionTypes, type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { createBatcher, type Scheduler } from './batcher';
import { DEFAULT_KAFKA_RETRY } from './kafka-client';
import type { Logger } from './logger';
import { counter, histogram, type Registry } from './metrics';
import { type OutgoingMessage, toKafkaMessage } from './outgoing-message';
import { DEFAULT_MAX_REQUEST_BYTES, requestChunks } from './request-chunks';

export type IdempotentProducerOptions = {
  /** Longest wait before a partial batch is sent. Default 5 ms. */
  lingerMs?: number;
  /** A batch is sent as soon as this many messages wait, and no request carries more. Default 500. */
  maxBatchMessages?: number;
  /** About the largest request sent (a larger flush is split). Default 512 KiB, half the broker's limit. */
  maxRequestBytes?: number;
  /**
   * kafkajs retries of one send before its error reaches the caller. Default 10 (about 2.5 min):
   * bounded, so a broker outage surfaces as an error the caller's machine handles. kafkajs warns that
   * this may weaken idempotence; see `createIdempotentProducer` for why it does not here.
   */
  retries?: number;
  compression?: CompressionTypes;
  metrics?: Registry;
  logger?: Logger;
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
  /** The kafkajs producer in use now (replaced after a failed send). */
  current(): Producer;
};

type Item = { topic: string; message: Message };

/**
 * kafkajs's idempotent mode: `idempotent: true` with `acks: -1` (required), retries > 0, and one
 * request in flight per broker (`maxInFlightRequests: 1`) so sequence numbers never race.
 *
 * When a send fails for good, kafkajs rolls its sequence numbers back, so the next send would reuse
 * numbers the broker may already hold, and the broker would drop those messages as duplicates. So
 * after a failed send the kafkajs producer is replaced by a fresh one (new producer id): a resend may
 * duplicate (consumers dedupe by natural key), but nothing is lost.
 */
export function createIdempotentProducer(
  kafka: Kafka,
  opts: IdempotentProducerOptions = {},
): IdempotentProducer {
  const now = opts.now ?? Date.now;
  const make = () =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { ...DEFAULT_KAFKA_RETRY, retries: opts.retries ?? 10 },
    });
  let producer = make();
  let connected = false;
  const m = opts.metrics;
  const sent =
    m &&
    counter(m, { name: 'producer_messages_total', help: 'Messages acknowledged', labelNames: ['topic'] });
  const failed =
    m &&
    counter(m, {
      name: 'producer_send_errors_total',
      help: 'Messages whose send failed',
      labelNames: ['topic'],
    });
  const resets =
    m && counter(m, { name: 'producer_resets_total', help: 'Producers replaced after a failed send' });
  const duration =
    m &&
    histogram(m, {
      name: 'producer_batch_duration_seconds',
      help: 'Time to send one batch',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    });

  const connect = async () => {
    if (connected) return;
    await producer.connect();
    connected = true;
  };

  const replaceProducer = () => {
    const old = producer;
    producer = make();
    connected = false;
    resets?.inc();
    old
      .disconnect()
      .catch((e: unknown) => opts.logger?.debug({ err: e }, 'disconnecting a failed producer failed'));
  };

  const maxBatchMessages = opts.maxBatchMessages ?? 500;

  /** One flush may hold more than one request can carry: it goes out as several, in order. */
  const sendBatch = async (items: Item[]) => {
    for (const chunk of requestChunks(
      items,
      maxBatchMessages,
      opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    )) {
      await sendRequest(chunk);
    }
  };

  const sendRequest = async (items: Item[]) => {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of items) {
      const list = byTopic.get(topic);
      if (list) list.push(message);
      else byTopic.set(topic, [message]);
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    const endTimer = duration?.startTimer();
    try {
      await connect();
      await producer.sendBatch({
        topicMessages,
        acks: -1,
        compression: opts.compression ?? CompressionTypes.None,
      });
      for (const t of topicMessages) sent?.inc({ topic: topicMetricLabel(t.topic) }, t.messages.length);
    } catch (e) {
      for (const t of topicMessages) failed?.inc({ topic: topicMetricLabel(t.topic) }, t.messages.length);
      opts.logger?.error({ err: e, topics: [...byTopic.keys()], messages: items.length }, 'send failed');
      if (connected) replaceProducer();
      throw e;
    } finally {
      endTimer?.();
    }
  };

  const batcher = createBatcher<Item>({
    maxItems: maxBatchMessages,
    lingerMs: opts.lingerMs ?? 5,
    flush: sendBatch,
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
  });

  return {
    connect,
    send: (topic, messages) => {
      const at = now();
      return batcher.add(messages.map((msg) => ({ topic, message: toKafkaMessage(msg, at) })));
    },
    flush: () => batcher.flush(),
    disconnect: async () => {
      await batcher.flush();
      await producer.disconnect();
      connected = false;
    },
    pending: () => batcher.pending(),
    current: () => producer,
  };
}
