import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { Deliveries } from '../clients/deliveries';
import { sleep } from '../harness/timing';
import { deadline, runWorker } from './worker-runtime';

const config = z.object({
  ...deadline,
  brokers: z.array(z.string()).min(1),
  topic: z.string().min(1),
});

/**
 * Baseline of the latency benchmark: one broker hop, a bare kafkajs consumer reading what the feeder
 * writes; latency = receive time minus the tick's `ts` (stamped when sent), between `measure` and `stop`.
 */
runWorker(config, async (c, io) => {
  const kafka = new Kafka({ clientId: 'bench-topic-latency', brokers: c.brokers, logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({
    groupId: `bench-latency-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 100,
  });
  const deliveries = new Deliveries('ts-latency');
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.connect();
  await consumer.subscribe({ topic: c.topic, fromBeginning: false });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const at = Date.now();
      for (const m of batch.messages) if (m.value) deliveries.add(m.value.toString(), at);
    },
  });
  while (!joined) await sleep(50);
  io.emit('ready');
  let started = 0;
  await new Promise<void>((resolve) =>
    io.onCommand((command) => {
      if (command.cmd === 'measure') {
        started = Date.now();
        deliveries.measuring = true;
      } else if (command.cmd === 'stop') resolve();
    }),
  );
  deliveries.measuring = false;
  const measuredMs = started > 0 ? Date.now() - started : 0;
  await consumer.disconnect();
  return { delivered: deliveries.delivered, measuredMs, histogram: deliveries.histogram.toPairs() };
});
