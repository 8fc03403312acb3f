import { pairKey } from '@mdp/contracts/keys';
import { newTraceparent } from '@mdp/runtime/trace';
import { Kafka, logLevel, type Message, Partitioners } from 'kafkajs';
import { z } from 'zod';
import { platformHeaders, syntheticPairs, syntheticTick, tickEnvelopeJson } from '../data/synthetic-ticks';
import { sleep } from '../harness/timing';
import { deadline, runWorker } from './worker-runtime';

const config = z.object({
  ...deadline,
  brokers: z.array(z.string()).min(1),
  topic: z.string().min(1),
  ratePerSecond: z.number().positive().max(100_000),
  /** Sends until the runner's `stop` command or this long, whichever comes first. */
  maxDurationMs: z.number().int().positive(),
  pairs: z.number().int().positive().max(200),
});

/**
 * A paced source of PriceTick envelopes on one topic. Each tick's `ts` is the time it was sent, so a
 * client's receive time minus `ts` is the delivery latency through the broker and the gateway.
 */
runWorker(config, async (c, io) => {
  const kafka = new Kafka({ clientId: 'bench-feeder', brokers: c.brokers, logLevel: logLevel.ERROR });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const pairs = syntheticPairs(c.pairs);
  let stop = false;
  io.onCommand((command) => {
    if (command.cmd === 'stop') stop = true;
  });
  io.emit('ready');
  const started = Date.now();
  let sent = 0;
  while (!stop && Date.now() - started < c.maxDurationMs) {
    // At most 500 a request: behind schedule, it catches up in several requests (the broker refuses
    // record batches over 1 MB).
    const due = Math.min(500, Math.floor(((Date.now() - started) * c.ratePerSecond) / 1000) - sent);
    if (due <= 0) {
      await sleep(Math.max(1, Math.min(20, 1000 / c.ratePerSecond)));
      continue;
    }
    const now = Date.now();
    const messages: Message[] = [];
    for (let k = 0; k < due; k++, sent++) {
      const tick = { ...syntheticTick(sent, pairs, now), ts: now };
      messages.push({
        key: pairKey(tick),
        value: tickEnvelopeJson(tick, `feed-${sent}`, new Date(now).toISOString()),
        headers: platformHeaders(now, newTraceparent()),
      });
    }
    await producer.send({ topic: c.topic, messages, acks: -1 });
  }
  await producer.disconnect();
  return { sent, ms: Date.now() - started };
});
