import { encode } from '@mdp/contracts/codec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { pairKey } from '@mdp/contracts/keys';
import { type Candle, CandleMessageSchema } from '@mdp/contracts/market-data';
import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueNamespace } from '@mdp/runtime/testing';
import { EventSource } from 'eventsource';
import { startCoordinator } from '../../test/support/coordinator';
import { api, KEY_A, type StartedGateway, startGateway } from '../../test/support/gateway';
import { type HistoryDatabase, historyDatabase } from '../../test/support/history-db';
import { seamOf } from './stream-snapshot';

const MIN = 60_000;
const namespace = uniqueNamespace('gwsnap');
const kafka = createKafka({
  clientId: 'gw-snap-test',
  brokers: testBrokers(),
  logger: createLogger({ service: 'test', level: 'warn' }),
});
const admin = kafka.admin();
const producer = kafka.producer();
let coordinator: { stop(): Promise<void> };
let hdb: HistoryDatabase;
let gw: StartedGateway;
let topic: string;

const candle = (start: number, close: number): Candle => ({
  market: 'CCCAGG',
  base: 'BTC',
  quote: 'USD',
  start,
  open: 1,
  high: Math.max(1, close),
  low: 0.5,
  close,
  volumeFrom: 1,
  volumeTo: 1,
  trades: 1,
  origin: 'stream',
});

/** Publishes candle revisions with the Kafka timestamps the producer would have given them. */
async function publish(revisions: { candle: Candle; at: number }[]) {
  const messages = revisions.map(({ candle: c, at }) => {
    const value = encode(CandleMessageSchema, makeEnvelope('Candle1m', 1, 'producer', c));
    if (!value.ok) throw new Error(value.error.message);
    return { key: pairKey(c), value: value.value, timestamp: String(at) };
  });
  await producer.send({ topic, messages, acks: -1 });
}

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  hdb = await historyDatabase('gw_snapshot');
  coordinator = await startCoordinator(namespace, { QUOTA_ALLOWED_KINDS: 'ticks,candles.1m' });
  gw = await startGateway(namespace, { HISTORY_DATABASE_URL: hdb.readerUrl });
  const created = await api(gw, 'POST', '/v1/streams', {
    body: { spec: { kind: 'candles.1m', symbols: ['BTC'], quote: 'USD' } },
  });
  expect(created.status).toBe(200);
  topic = created.body.topic as string;
}, 90_000);

afterAll(async () => {
  await gw?.app.stop();
  await coordinator?.stop();
  await deleteNamespaceTopics(admin, namespace);
  await producer.disconnect();
  await admin.disconnect();
  await hdb?.drop();
}, 60_000);

it('sends the closed candles before the seam from the database, then every revision from the seam live, each once', async () => {
  // Keep clear of a minute boundary between computing the seam here and in the gateway.
  if (Date.now() % MIN > MIN - 8000) await new Promise((r) => setTimeout(r, MIN - (Date.now() % MIN) + 500));
  const seam = seamOf(Date.now());
  // The sink has stored minutes up to the current one (the last two also travel live).
  await hdb.sql.unsafe(
    `INSERT INTO candles_1m (market, base, quote, start, open, high, low, close, volume_from, volume_to, trades,
       origin, message_id, revised_at)
     SELECT 'CCCAGG', 'BTC', 'USD', to_timestamp(($1::bigint + i * 60000) / 1000.0), 1, 1000, 0, 100 + i, 1, 1, 1,
       'stream', 'm', now()
     FROM generate_series(-5, 1) AS i`,
    [seam],
  );
  // The topic: revisions of older minutes published before the seam, a late final of the minute before
  // the seam published after it, and revisions of the seam's minute and the current one.
  await publish([
    { candle: candle(seam - 2 * MIN, 98), at: seam - 2 * MIN + 59_000 },
    { candle: candle(seam - MIN, 50), at: seam - MIN + 30_000 },
    { candle: candle(seam - MIN, 99), at: seam + 1500 }, // late final: the snapshot has it
    { candle: candle(seam, 10), at: seam + 2000 },
    { candle: candle(seam, 11), at: seam + 40_000 },
    { candle: candle(seam + MIN, 20), at: Math.min(Date.now(), seam + MIN + 1000) },
  ]);

  const snapshots: { seam: number; data: Candle[] }[] = [];
  const live: Candle[] = [];
  const es = new EventSource(`${gw.base}/v1/stream/sse?topic=${encodeURIComponent(topic)}&snapshot=3`, {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${KEY_A}` } }),
  });
  es.addEventListener('snapshot', (e) => snapshots.push(JSON.parse(e.data)));
  es.onmessage = (e) => {
    if (snapshots.length === 0) throw new Error('a live message came before the snapshot');
    live.push((JSON.parse(e.data) as { data: Candle }).data);
  };
  try {
    // Under flow: revisions of the current minute keep coming while the stream opens.
    const flow: number[] = [];
    for (let i = 0; i < 20; i++) {
      await publish([{ candle: candle(seam + MIN, 21 + i), at: Date.now() }]);
      flow.push(21 + i);
      await new Promise((r) => setTimeout(r, 50));
    }
    await eventually(() => live.length >= 3 + flow.length, 'every live revision', 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.seam).toBe(seam);
    expect(snapshots[0]?.data.map((c) => [c.start, c.close])).toEqual([
      [seam - 3 * MIN, 97],
      [seam - 2 * MIN, 98],
      [seam - MIN, 99],
    ]);
    expect(live.every((c) => c.start >= seam)).toBe(true);
    expect(live.map((c) => [c.start, c.close])).toEqual([
      [seam, 10],
      [seam, 11],
      [seam + MIN, 20],
      ...flow.map((close) => [seam + MIN, close]),
    ]);
  } finally {
    es.close();
  }
}, 120_000);
