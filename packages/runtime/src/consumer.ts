import type { Consumer, ConsumerConfig, Kafka } from 'kafkajs';
import { type BatchHandlerOptions, createBatchHandler } from './batch-handler';
import { restartAfterFinalCrash } from './crash-restart';
import type { Logger } from './logger';
import { counter, type Registry } from './metrics';
import { createIdempotentProducer, type IdempotentProducer } from './producer';

export type ValidatedConsumerOptions<T> = Omit<BatchHandlerOptions<T>, 'sendToDlq'> & {
  kafka: Kafka;
  groupId: string;
  topics: readonly (string | RegExp)[];
  /** Where a group without committed offsets starts. Default false (only new messages). */
  fromBeginning?: boolean;
  /** Producer for the DLQ; when absent one is created and owned (connected and disconnected) here. */
  dlqProducer?: IdempotentProducer;
  /** kafkajs consumer settings (session timeout, max bytes, retry...). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Partitions processed in parallel (each still in order). Default 1. */
  partitionsConsumedConcurrently?: number;
  logger: Logger;
  metrics?: Registry;
};

export type TopicPartitions = Array<{ topic: string; partitions?: number[] }>;

export type ValidatedConsumer = {
  /** Connects, subscribes and starts consuming; resolves once kafkajs runs the consumer. */
  start(): Promise<void>;
  /** Stops fetching, lets the batch in progress finish and commit, disconnects (and the owned DLQ producer). */
  stop(): Promise<void>;
  /** Pauses the given topic-partitions, or every subscribed topic named by a string. */
  pause(targets?: TopicPartitions): void;
  resume(targets?: TopicPartitions): void;
  readonly consumer: Consumer;
};

/**
 * A consumer-group member that validates every message: valid ones reach `handleBatch`, invalid ones
 * go to `dlqTopic` with the reason in headers, and offsets are committed only after both (see
 * `createBatchHandler`). Offsets are resolved by hand (`eachBatchAutoResolve: false`), so a crash or
 * a rebalance replays unfinished work: at-least-once, never lost.
 */
export function createValidatedConsumer<T>(opts: ValidatedConsumerOptions<T>): ValidatedConsumer {
  const logger = opts.logger.child({ component: 'consumer', groupId: opts.groupId });
  const consumer = opts.kafka.consumer({ ...opts.consumerConfig, groupId: opts.groupId });
  const ownsProducer = opts.dlqProducer === undefined;
  const dlqProducer =
    opts.dlqProducer ??
    createIdempotentProducer(opts.kafka, { logger, ...(opts.metrics ? { metrics: opts.metrics } : {}) });
  const namedTopics = opts.topics
    .filter((t): t is string => typeof t === 'string')
    .map((topic) => ({ topic }));
  const crashes =
    opts.metrics &&
    counter(opts.metrics, {
      name: 'consumer_crashes_total',
      help: 'kafkajs consumer crashes',
      labelNames: ['group', 'restart'],
    });

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    crashes?.inc({ group: opts.groupId, restart: String(payload.restart) });
    logger.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
  });
  // A crash kafkajs will not restart: run again with backoff (connect, subscribe, run).
  const restarts = restartAfterFinalCrash({ consumer, run: () => runConsumer(), logger });

  const eachBatch = createBatchHandler<T>({
    ...opts,
    logger,
    sendToDlq: (topic, messages) => dlqProducer.send(topic, messages),
  });

  async function runConsumer() {
    await consumer.connect();
    await consumer.subscribe({ topics: [...opts.topics], fromBeginning: opts.fromBeginning ?? false });
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 1,
      eachBatch,
    });
    logger.info({ topics: opts.topics.map(String) }, 'consumer running');
  }

  let stopping: Promise<void> | undefined;
  return {
    async start() {
      if (ownsProducer) await dlqProducer.connect();
      await runConsumer();
    },
    stop() {
      restarts.stop();
      stopping ??= (async () => {
        try {
          await consumer.disconnect();
        } finally {
          if (ownsProducer) await dlqProducer.disconnect();
        }
        logger.info('consumer stopped');
      })();
      return stopping;
    },
    pause: (targets = namedTopics) => consumer.pause(targets),
    resume: (targets = namedTopics) => consumer.resume(targets),
    consumer,
  };
}

/** Creates and starts a validated consumer; resolves with its handle once it runs. */
export async function runValidatedConsumer<T>(opts: ValidatedConsumerOptions<T>): Promise<ValidatedConsumer> {
  const handle = createValidatedConsumer(opts);
  await handle.start();
  return handle;
}
