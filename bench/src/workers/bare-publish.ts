import { pairKey } from '@mdp/contracts/keys';
import { newTraceparent } from '@mdp/runtime/trace';
import { CompressionTypes, Kafka, logLevel, type Message, Partitioners } from 'kafkajs';
import { asParsed } from '../data/stream-frames';
import { platformHeaders, syntheticPairs, syntheticTick, tickEnvelopeJson } from '../data/synthetic-ticks';
import { publishConfig, routesOf } from './publish-config';
import { runWorker } from './worker-runtime';

type Item = { topic: string; message: Message };

/**
 * Baseline of the producer benchmark: a bare kafkajs producer with the runtime producer's settings
 * (idempotent, acks -1, one request in flight) sending the same envelopes to the same topics in
 * batches of the same size, built before the clock starts.
 */
runWorker(publishConfig, async (c, io) => {
  const pairs = syntheticPairs(c.pairs);
  const at = new Date().toISOString();
  const items: Item[] = [];
  for (let i = 0; i < c.count; i++) {
    const tick = asParsed(syntheticTick(i, pairs, c.startMs));
    for (const topic of [c.fixedTopic, ...routesOf(c, tick)]) {
      const value = tickEnvelopeJson(tick, `${topic}|${i}`, at);
      items.push({
        topic,
        message: {
          key: pairKey(tick),
          value: Buffer.from(value),
          headers: platformHeaders(Date.now(), newTraceparent()),
        },
      });
    }
  }
  const kafka = new Kafka({ clientId: 'bench-bare', brokers: c.brokers, logLevel: logLevel.ERROR });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  io.emit('ready', { messages: items.length });
  const started = Date.now();
  for (let from = 0; from < items.length; from += c.batchSize) {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of items.slice(from, from + c.batchSize)) {
      const list = byTopic.get(topic) ?? [];
      list.push(message);
      byTopic.set(topic, list);
    }
    await producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      acks: -1,
      compression: CompressionTypes.None,
    });
  }
  const ms = Date.now() - started;
  await producer.disconnect();
  return { messages: items.length, ms };
});
