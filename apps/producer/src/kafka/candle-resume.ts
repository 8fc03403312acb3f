import { randomUUID } from 'node:crypto';
import { decode } from '@mdp/contracts/codec';
import { pairKey } from '@mdp/contracts/keys';
import { type Candle, CandleMessageSchema } from '@mdp/contracts/market-data';
import { type KafkaRetryPolicy, retryKafka } from '@mdp/runtime/kafka-retry';
import type { Logger } from '@mdp/runtime/logger';
import type { Kafka } from 'kafkajs';

/**
 * The newest candle per pair already on the candles topic (its latest revision), read from the tail
 * of each partition: where the candle series of each pair resumes after the producer was down.
 */
export async function readLastCandles(opts: {
  kafka: Kafka;
  topic: string;
  /** Messages read back from the end of each partition. */
  tailPerPartition: number;
  timeoutMs: number;
  /** The budget for the leader election that may follow the topic's creation. */
  startRetry: KafkaRetryPolicy;
  logger: Logger;
}): Promise<Map<string, Candle>> {
  const last = new Map<string, Candle>();
  // Right after the topic was created (by us or another service) the broker may not lead its
  // partitions yet; each try uses a new admin, so its metadata is fetched afresh.
  const offsets = await retryKafka(
    'candle topic offsets',
    async () => {
      const admin = opts.kafka.admin();
      await admin.connect();
      try {
        return await admin.fetchTopicOffsets(opts.topic);
      } finally {
        await admin.disconnect();
      }
    },
    { logger: opts.logger, policy: opts.startRetry },
  );
  const wanted = offsets.filter((o) => BigInt(o.high) > BigInt(o.low));
  if (wanted.length === 0) return last;
  const remaining = new Map(wanted.map((o) => [o.partition, BigInt(o.high) - 1n]));
  const groupId = `producer-candle-resume-${randomUUID()}`;
  const consumer = opts.kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [opts.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const parsed = decode(CandleMessageSchema, message.value);
          if (parsed.ok) {
            const candle = parsed.value.data;
            const known = last.get(pairKey(candle));
            // Offsets grow within a partition: for the same minute, the later message is the newer revision.
            if (!known || candle.start >= known.start) last.set(pairKey(candle), candle);
          }
          const target = remaining.get(batch.partition);
          if (target !== undefined && BigInt(message.offset) >= target) remaining.delete(batch.partition);
        }
        if (remaining.size === 0) done();
      },
    });
    for (const o of wanted) {
      const from = BigInt(o.high) - BigInt(opts.tailPerPartition);
      consumer.seek({
        topic: opts.topic,
        partition: o.partition,
        offset: String(from > BigInt(o.low) ? from : BigInt(o.low)),
      });
    }
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, opts.timeoutMs).unref());
    await Promise.race([finished, timeout]);
    if (remaining.size > 0)
      opts.logger.warn(
        { partitions: [...remaining.keys()] },
        'candle tail not fully read; those pairs resume from the lookback',
      );
  } finally {
    await consumer.disconnect();
    const cleanup = opts.kafka.admin();
    await cleanup
      .connect()
      .then(() => cleanup.deleteGroups([groupId]))
      .catch(() => undefined);
    await cleanup.disconnect().catch(() => undefined);
  }
  return last;
}
