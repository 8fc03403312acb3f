import { pairKey } from '@mdp/contracts/keys';
import { newTraceparent } from '@mdp/runtime/trace';
import { CompressionTypes, Kafka, logLevel, type Message, Partitioners } from 'kafkajs';
import { z } from 'zod';
import { platformHeaders, syntheticPairs, syntheticTick, tickEnvelopeJson } from '../data/synthetic-ticks';
import { deadline, runWorker } from './worker-runtime';

const config = z.object({
  ...deadline,
  brokers: z.array(z.string()).min(1),
  topic: z.string().min(1),
  count: z.number().int().positive().max(10_000_000),
  pairs: z.number().int().positive().max(200),
  startMs: z.number().int().positive(),
  batchSize: z.number().int().positive().max(10_000),
  inFlight: z.number().int().positive().max(16),
});

/** Pre-fills a topic with `count` PriceTick envelopes (bounded by count), as fast as kafkajs goes. */
runWorker(config, async (c, io) => {
  const kafka = new Kafka({ clientId: 'bench-fill', brokers: c.brokers, logLevel: logLevel.ERROR });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const pairs = syntheticPairs(c.pairs);
  const at = new Date().toISOString();
  const started = Date.now();
  let next = 0;
  const batch = (): Message[] => {
    const messages: Message[] = [];
    const end = Math.min(c.count, next + c.batchSize);
    for (; next < end; next++) {
      const tick = syntheticTick(next, pairs, c.startMs);
      messages.push({
        key: pairKey(tick),
        value: tickEnvelopeJson(tick, `bench-${next}`, at),
        headers: platformHeaders(Date.now(), newTraceparent()),
      });
    }
    return messages;
  };
  const lane = async () => {
    while (next < c.count) {
      const messages = batch();
      await producer.send({ topic: c.topic, messages, acks: -1, compression: CompressionTypes.None });
    }
  };
  await Promise.all(Array.from({ length: c.inFlight }, lane));
  const ms = Date.now() - started;
  await producer.disconnect();
  io.emit('filled', { count: c.count, ms });
  return { count: c.count, ms };
});
