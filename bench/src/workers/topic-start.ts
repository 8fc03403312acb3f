import { randomBytes } from 'node:crypto';
import { ensureTopics } from '@mdp/runtime/topics';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { deadline, runWorker } from './worker-runtime';

const config = z.object({
  ...deadline,
  brokers: z.array(z.string()).min(1),
  namespace: z.string().min(1),
  count: z.number().int().positive().max(1000),
  partitions: z.number().int().positive().max(64),
  perTopicTimeoutMs: z.number().int().positive(),
});

/**
 * Baseline of the new-stream benchmark: the broker's own floor for "a new stream". Per round, with a
 * bare kafkajs client: create a topic (and wait for leaders), write one message, start a new
 * consumer group on it, and time until that message arrives.
 */
runWorker(config, async (c) => {
  const kafka = new Kafka({ clientId: 'bench-topic-start', brokers: c.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect()]);
  const outcomes: { firstMs: number | null; error: string | null }[] = [];
  try {
    for (let i = 0; i < c.count; i++) {
      const topic = `${c.namespace}.start-${i}`;
      const consumer = kafka.consumer({
        groupId: `bench-start-${randomBytes(4).toString('hex')}`,
        maxWaitTimeInMs: 100,
      });
      const t0 = performance.now();
      try {
        await ensureTopics(admin, [{ topic, partitions: c.partitions }]);
        await producer.send({ topic, messages: [{ key: 'k', value: '{}' }], acks: -1 });
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        const first = new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('timeout')), c.perTopicTimeoutMs);
          void consumer.run({
            eachMessage: async () => {
              clearTimeout(timer);
              resolve(performance.now() - t0);
            },
          });
        });
        outcomes.push({ firstMs: await first, error: null });
      } catch (e) {
        outcomes.push({ firstMs: null, error: (e as Error).message });
      } finally {
        await consumer.disconnect();
      }
    }
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
  return { outcomes };
});
