// What the sink adds to a message's way at a steady 1,000 ticks/s: runs the built app in this process
// on a fresh namespace and database, sends 10 ticks every 10 ms, and reports per message the time
// from its arrival in the sink's buffer to its batch's database commit (an upper bound: each message
// counts from the arrival of its batch's oldest). The first 3 s are warm-up.
//   KAFKA_BROKERS=... DATABASE_URL=postgres://...  node scripts/latency.mjs [seconds]
// Needs `npm run build` (and the workspace packages built). Prints one JSON line.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');
const { createApp } = require('../dist/app.js');
const { loadConfig } = require('../dist/config.js');
const { createDatabase, dropDatabase } = require('@mdp/local-infra/postgres');
const { topicNames } = require('@mdp/contracts/topic-names');
const { makeEnvelope } = require('@mdp/contracts/envelope');

const SECONDS = Number(process.argv[2] ?? 20);
const WARM_UP_MS = 3000;
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const serverUrl = process.env.DATABASE_URL;
if (brokers.length === 0 || !serverUrl) throw new Error('set KAFKA_BROKERS and DATABASE_URL');

const suffix = Date.now().toString(36);
const namespace = `latency-${suffix}`;
const dbName = `fixed_sink_latency_${suffix}`;
const url = await createDatabase(serverUrl, dbName);
const kafka = new Kafka({ clientId: 'sink-latency', brokers, logLevel: logLevel.ERROR });
const admin = kafka.admin();
await admin.connect();
const topics = topicNames(namespace);
const created = [topics.ticks, topics.candles1m, topics.dlq('fixed-sink')];
await admin.createTopics({
  topics: created.map((topic, i) => ({ topic, numPartitions: i < 2 ? 6 : 1 })),
  waitForLeaders: true,
});
const app = createApp(
  loadConfig({
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: url,
    TOPIC_NAMESPACE: namespace,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
  }),
);
await app.start();
const samples = [];
let measuring = false;
app.actor.on('BATCH_COMMITTED', ({ batch }) => {
  if (!measuring) return;
  const waited = Date.now() - batch.bufferedAt;
  for (let i = 0; i < batch.messages.length; i++) samples.push(waited);
});
const producer = kafka.producer();
await producer.connect();
const tick = (n) => ({
  ...Object.fromEntries(
    [
      'lastVolume',
      'lastVolumeTo',
      'volumeDay',
      'volumeDayTo',
      'volume24h',
      'volume24hTo',
      'openDay',
      'highDay',
      'lowDay',
      'open24h',
      'high24h',
      'low24h',
      'bid',
      'ask',
      'median',
    ].map((k) => [k, 1]),
  ),
  market: 'CCCAGG',
  base: `C${n % 40}`,
  quote: 'USD',
  price: 100 + (n % 7),
  ts: 1_750_000_000_000 + n,
  tradeId: `l${n}`,
  flags: 1,
  origin: 'stream',
});
let sent = 0;
const started = Date.now();
for (let next = started; Date.now() - started < SECONDS * 1000; next += 10) {
  measuring = Date.now() - started > WARM_UP_MS;
  const messages = Array.from({ length: 10 }, () => {
    const data = tick(sent++);
    return { key: data.base, value: JSON.stringify(makeEnvelope('PriceTick', 1, 'producer', data)) };
  });
  await producer.send({ topic: topics.ticks, messages });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next + 10 - Date.now())));
}
await new Promise((resolve) => setTimeout(resolve, 1000));
samples.sort((a, b) => a - b);
const at = (q) => samples[Math.min(samples.length - 1, Math.max(0, Math.ceil(q * samples.length) - 1))];
const seconds = (Date.now() - started) / 1000;
console.log(
  JSON.stringify({
    sent,
    perSecond: Math.round(sent / seconds),
    measured: samples.length,
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    max: samples.at(-1),
  }),
);
await producer.disconnect();
await app.stop();
await admin.deleteTopics({ topics: created }).catch(() => {});
await admin.disconnect();
await dropDatabase(serverUrl, dbName).catch(() => {});
process.exit(0);
