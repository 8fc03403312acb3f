import { createApp } from '@mdp/producer/app';
import { loadConfig } from '@mdp/producer/config';
import { createLogger } from '@mdp/runtime/logger';
import { counter, createMetricsRegistry, histogram } from '@mdp/runtime/metrics';
import { type5Frame } from '../data/stream-frames';
import { syntheticPairs, syntheticTick } from '../data/synthetic-ticks';
import { sleep } from '../harness/timing';
import { memoryStream } from './memory-stream';
import { publishConfig, routesOf } from './publish-config';
import { runWorker } from './worker-runtime';

/**
 * The producer benchmark's platform side: the producer app itself (createApp) with its streamer
 * socket replaced by frames from memory, so everything after the socket runs as in production:
 * parse and merge, dedup, routing to fixed and dynamic topics, contract validation and encoding,
 * the idempotent producer with linger batching.
 */
runWorker(publishConfig, async (c, io) => {
  const pairs = syntheticPairs(c.pairs);
  const frames: string[] = [];
  let expected = 0;
  for (let i = 0; i < c.count; i++) {
    const tick = syntheticTick(i, pairs, c.startMs);
    frames.push(type5Frame(tick));
    expected += 1 + routesOf(c, tick).length;
  }
  const stream = memoryStream();
  const registry = createMetricsRegistry('producer', { defaultMetrics: false });
  const acked = counter(registry, {
    name: 'producer_messages_total',
    help: 'Messages acknowledged',
    labelNames: ['topic'],
  });
  const ackedTotal = async () => (await acked.get()).values.reduce((n, v) => n + v.value, 0);
  const ackedTicks = async () =>
    (await acked.get()).values.find((v) => v.labels.topic === c.fixedTopic)?.value ?? 0;
  const batchTimes = histogram(registry, {
    name: 'producer_batch_duration_seconds',
    help: 'Time to send one batch',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
  });
  /** Requests the producer sent (its batch histogram's count): the batching the baseline copies. */
  const sendBatchCount = async () =>
    (await batchTimes.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const config = loadConfig({
    KAFKA_BROKERS: c.brokers.join(','),
    TOPIC_NAMESPACE: c.namespace,
    PRODUCER_PAIRS: pairs.map((p) => `${p.base}-${p.quote}`).join(','),
    PRODUCER_REST_ENABLED: 'false',
    PRODUCER_CANDLES_ENABLED: 'false',
    CRYPTOCOMPARE_WS_URL: 'ws://127.0.0.1:9/v2',
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const logger = createLogger({ service: 'producer', level: 'warn', destination: process.stderr });
  const app = createApp(config, { logger, metricsRegistry: registry, socketFactory: stream.factory });
  await app.start();
  await stream.subscribed(pairs.length, 30_000);
  io.emit('ready', { messages: expected });
  const started = Date.now();
  const chunk = Math.min(500, c.maxOutstanding);
  let fed = 0;
  let published = 0;
  while (fed < frames.length) {
    if (fed - published + chunk <= c.maxOutstanding) {
      stream.push(frames.slice(fed, fed + chunk));
      fed += chunk;
    } else {
      await sleep(1);
      published = await ackedTicks();
    }
  }
  while ((await ackedTotal()) < expected) await sleep(2);
  const ms = Date.now() - started;
  const messages = await ackedTotal();
  const batches = await sendBatchCount();
  await app.stop('benchmark done');
  return { messages, ms, batches };
});
