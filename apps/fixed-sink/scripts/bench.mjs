// Sustained write rate of the fixed-sink on this machine: pre-fills the fixed topics of a fresh
// namespace, starts the sink (the built app, in this process) on an empty database, and measures
// rows per second from the first stored row to the last.
//   KAFKA_BROKERS=... DATABASE_URL=postgres://...  node scripts/bench.mjs [ticks] [batchSizes...]
// Needs `npm run build` (and the workspace packages built). Prints one JSON line per batch size.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');
const postgres = require('postgres');
const { createApp } = require('../dist/app.js');
const { loadConfig } = require('../dist/config.js');
const { topicNames } = require('@mdp/contracts/topic-names');
const { ensureTopics, deleteTopicsIfExist } = require('@mdp/runtime/topics');
const { createLogger } = require('@mdp/runtime/logger');
const { createMetricsRegistry } = require('@mdp/runtime/metrics');

const TICKS = Number(process.argv[2] ?? 200_000);
const BATCH_SIZES = process.argv.slice(3).map(Number);
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const serverUrl = process.env.DATABASE_URL;
if (brokers.length === 0 || !serverUrl) throw new Error('set KAFKA_BROKERS and DATABASE_URL');
const PARTITIONS = 6;
const CANDLES = Math.round(TICKS / 10);
const MINUTE = 60_000;
const BASES = Array.from({ length: 50 }, (_, i) => `B${i}`);

function tickValue(i) {
  const data = {
    market: 'CCCAGG',
    base: BASES[i % BASES.length],
    quote: 'USD',
    price: 100 + (i % 1000) / 10,
    ts: 1_700_000_000_000 + i,
    tradeId: `t${i}`,
    lastVolume: 0.5,
    lastVolumeTo: 50,
    volumeDay: 10,
    volumeDayTo: 1000,
    volume24h: 20,
    volume24hTo: 2000,
    openDay: 99,
    highDay: 120,
    lowDay: 90,
    open24h: 98,
    high24h: 121,
    low24h: 89,
    bid: 99.9,
    ask: 100.1,
    median: 100,
    flags: 4,
    origin: 'stream',
  };
  return envelope('PriceTick', data, i);
}

function candleValue(i) {
  const data = {
    market: 'CCCAGG',
    base: BASES[i % BASES.length],
    quote: 'USD',
    start: 1_699_999_980_000 + Math.floor(i / BASES.length) * MINUTE,
    open: 100,
    high: 110,
    low: 90,
    close: 105,
    volumeFrom: 1.5,
    volumeTo: 150,
    trades: 12,
    origin: 'rest',
  };
  return envelope('Candle1m', data, i);
}

function envelope(type, data, i) {
  const at = new Date(1_700_000_000_000 + i).toISOString();
  return JSON.stringify({ type, version: 1, id: `${type}-${i}`, at, source: 'bench', data });
}

async function fill(kafka, topics) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const send = async (topic, count, value) => {
    for (let i = 0; i < count; i += 5000) {
      const messages = [];
      for (let j = i; j < Math.min(count, i + 5000); j++)
        messages.push({ key: `CCCAGG:${BASES[j % BASES.length]}-USD`, value: value(j) });
      await producer.send({ topic, acks: -1, messages });
    }
  };
  await send(topics.ticks, TICKS, tickValue);
  await send(topics.candles1m, CANDLES, candleValue);
  await producer.disconnect();
}

async function run(kafka, admin, batchSize) {
  const namespace = `bench-${randomBytes(4).toString('hex')}`;
  const topics = topicNames(namespace);
  await ensureTopics(admin, [
    { topic: topics.ticks, partitions: PARTITIONS },
    { topic: topics.candles1m, partitions: PARTITIONS },
    { topic: topics.dlq('fixed-sink'), partitions: 1 },
  ]);
  await fill(kafka, topics);
  const dbName = namespace.replace(/-/g, '_');
  const server = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await server.unsafe(`CREATE DATABASE ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const config = loadConfig({
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: url.toString(),
    TOPIC_NAMESPACE: namespace,
    HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    SINK_BATCH_SIZE: String(batchSize),
    SINK_MAX_BUFFERED: String(Math.max(20_000, 4 * batchSize)),
  });
  const registry = createMetricsRegistry('fixed-sink', { defaultMetrics: false });
  const app = createApp(config, {
    logger: createLogger({ service: 'fixed-sink', level: 'error' }),
    registry,
  });
  const expected = TICKS + CANDLES;
  await app.start();
  let first = 0;
  let rows = 0;
  while (rows < expected) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [{ n }] = await db`SELECT (SELECT count(*) FROM ticks) + (SELECT count(*) FROM candles_1m) AS n`;
    rows = Number(n);
    if (rows > 0 && first === 0) first = performance.now();
  }
  const seconds = (performance.now() - first) / 1000;
  const mean = async (name) => {
    const values = (await registry.getSingleMetric(name).get()).values;
    const sum = values.find((v) => v.metricName === `${name}_sum`)?.value ?? 0;
    const count = values.find((v) => v.metricName === `${name}_count`)?.value ?? 0;
    return count === 0 ? 0 : sum / count;
  };
  const batch = {
    meanMessages: Math.round(await mean('fixed_sink_batch_messages')),
    meanMs: Number(((await mean('fixed_sink_batch_duration_seconds')) * 1000).toFixed(1)),
    meanLatencyMs: Math.round((await mean('fixed_sink_batch_latency_seconds')) * 1000),
  };
  await app.stop();
  await db.end();
  await server.unsafe(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await server.end();
  await deleteTopicsIfExist(admin, [topics.ticks, topics.candles1m, topics.dlq('fixed-sink')]);
  const rowsPerSecond = Math.round(expected / seconds);
  return { batchSize, rows: expected, seconds: Number(seconds.toFixed(2)), rowsPerSecond, batch };
}

const kafka = new Kafka({ clientId: 'fixed-sink-bench', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
for (const batchSize of BATCH_SIZES.length > 0 ? BATCH_SIZES : [5000])
  console.log(JSON.stringify(await run(kafka, admin, batchSize)));
await admin.disconnect();
