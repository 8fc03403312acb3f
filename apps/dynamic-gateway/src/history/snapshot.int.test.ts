import { encode } from '@mdp/contracts/codec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { pairKey } from '@mdp/contracts/keys';
import {
  type Candle,
  CandleMessageSchema,
  type PriceTick,
  PriceTickMessageSchema,
  priceTick,
} from '@mdp/contracts/market-data';
import { eventually } from '@mdp/runtime/testing';
import { EventSource } from 'eventsource';
import WebSocket from 'ws';
import { api, KEY_A } from '../testing/gateway';
import { type HistoryDatabase, historyDatabase } from '../testing/history-db';
import { useGatewayPlatform } from '../testing/platform';
import { seamOf } from './stream-snapshot';

const MIN = 60_000;
let hdb: HistoryDatabase;
// Made before the platform starts (hooks run in the order declared), dropped after it stopped.
beforeAll(async () => {
  hdb = await historyDatabase('gw_snapshot');
}, 60_000);
const platform = useGatewayPlatform(
  () => ({ HISTORY_DATABASE_URL: hdb.readerUrl }),
  {},
  { QUOTA_ALLOWED_KINDS: 'ticks,candles.1m' },
);
afterAll(() => hdb?.drop(), 60_000);
const { producer } = platform;

const candle = (base: string, start: number, close: number): Candle => ({
  market: 'CCCAGG',
  base,
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
async function publish(topic: string, revisions: { candle: Candle; at: number }[]) {
  const messages = revisions.map(({ candle: c, at }) => {
    const value = encode(CandleMessageSchema, makeEnvelope('Candle1m', 1, 'producer', c));
    if (!value.ok) throw new Error(value.error.message);
    return { key: pairKey(c), value: value.value, timestamp: String(at) };
  });
  await producer.send({ topic, messages, acks: -1 });
}

type Received = { snapshots: { seam: number; data: Candle[] }[]; live: Candle[]; close(): void };

function openSse(topic: string, start = 'snapshot=3'): Received {
  const r: Received = { snapshots: [], live: [], close: () => es.close() };
  const es = new EventSource(
    `${platform.gw.base}/v1/stream/sse?topic=${encodeURIComponent(topic)}&${start}`,
    {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${KEY_A}` } }),
    },
  );
  es.addEventListener('snapshot', (e) => r.snapshots.push(JSON.parse(e.data)));
  es.onmessage = (e) => {
    if (r.snapshots.length === 0) throw new Error('a live message came before the snapshot');
    r.live.push((JSON.parse(e.data) as { data: Candle }).data);
  };
  return r;
}

function openWs(topic: string): Received {
  const ws = new WebSocket(`${platform.gw.base.replace('http', 'ws')}/v1/ws`, {
    headers: { authorization: `Bearer ${KEY_A}` },
  });
  const r: Received = { snapshots: [], live: [], close: () => ws.close() };
  ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', id: 's1', topic, snapshot: 3 })));
  ws.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as {
      type: string;
      seam: number;
      data: Candle[];
      messages?: { data: Candle }[];
    };
    if (frame.type === 'snapshot') r.snapshots.push(frame);
    if (frame.type === 'data') {
      if (r.snapshots.length === 0) throw new Error('a live message came before the snapshot');
      r.live.push(...(frame.messages ?? []).map((m) => m.data));
    }
  });
  return r;
}

it.each([
  ['SSE', 'BTC', openSse],
  ['WebSocket', 'ETH', openWs],
])(
  '%s: closed candles before the seam come from the database, every revision from the seam live, each once',
  async (_transport, base, open) => {
    const created = await api(platform.gw, 'POST', '/v1/streams', {
      body: { spec: { kind: 'candles.1m', symbols: [base], quote: 'USD' } },
    });
    expect(created.status).toBe(200);
    const topic = created.body.topic as string;
    // Keep clear of a minute boundary between computing the seam here and in the gateway.
    if (Date.now() % MIN > MIN - 8000)
      await new Promise((r) => setTimeout(r, MIN - (Date.now() % MIN) + 500));
    const seam = seamOf(Date.now());
    // The sink has stored minutes up to the current one (the last two also travel live).
    await hdb.sql.unsafe(
      `INSERT INTO candles_1m (market, base, quote, start, open, high, low, close, volume_from, volume_to, trades,
       origin, message_id, revised_at)
     SELECT 'CCCAGG', $2, 'USD', to_timestamp(($1::bigint + i * 60000) / 1000.0), 1, 1000, 0, 100 + i, 1, 1, 1,
       'stream', 'm', now()
     FROM generate_series(-5, 1) AS i`,
      [seam, base],
    );
    // The topic: revisions of older minutes published before the seam, a late final of the minute before
    // the seam published after it, and revisions of the seam's minute and the current one.
    await publish(topic, [
      { candle: candle(base, seam - 2 * MIN, 98), at: seam - 2 * MIN + 59_000 },
      { candle: candle(base, seam - MIN, 50), at: seam - MIN + 30_000 },
      { candle: candle(base, seam - MIN, 99), at: seam + 1500 }, // late final: the snapshot has it
      { candle: candle(base, seam, 10), at: seam + 2000 },
      { candle: candle(base, seam, 11), at: seam + 40_000 },
      { candle: candle(base, seam + MIN, 20), at: Math.min(Date.now(), seam + MIN + 1000) },
    ]);

    const received = open(topic);
    const { snapshots, live } = received;
    try {
      // Under flow: revisions of the current minute keep coming while the stream opens.
      const flow: number[] = [];
      for (let i = 0; i < 20; i++) {
        await publish(topic, [{ candle: candle(base, seam + MIN, 21 + i), at: Date.now() }]);
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
      received.close();
    }
  },
  120_000,
);

it('SSE: fromTs older than the topic comes from the database up to the seam, then live, each once', async () => {
  const created = await api(platform.gw, 'POST', '/v1/streams', {
    body: { spec: { kind: 'candles.1m', symbols: ['SOL'], quote: 'USD' } },
  });
  expect(created.status).toBe(200);
  const topic = created.body.topic as string;
  if (Date.now() % MIN > MIN - 8000) await new Promise((r) => setTimeout(r, MIN - (Date.now() % MIN) + 500));
  const seam = seamOf(Date.now());
  await hdb.sql.unsafe(
    `INSERT INTO candles_1m (market, base, quote, start, open, high, low, close, volume_from, volume_to, trades,
       origin, message_id, revised_at)
     SELECT 'CCCAGG', 'SOL', 'USD', to_timestamp(($1::bigint + i * 60000) / 1000.0), 1, 1000, 0.5, 100 + i, 1, 1, 1,
       'stream', 'm', now()
     FROM generate_series(-15, 1) AS i`,
    [seam],
  );
  await publish(topic, [
    { candle: candle('SOL', seam - MIN, 99), at: seam + 1500 }, // late final: the database part has it
    { candle: candle('SOL', seam, 10), at: seam + 2000 },
  ]);
  const received = openSse(topic, `fromTs=${seam - 10 * MIN}`);
  try {
    await eventually(() => received.live.length >= 1, 'the live part', 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.snapshots).toHaveLength(1);
    expect(received.snapshots[0]?.data.map((c) => c.start)).toEqual(
      Array.from({ length: 10 }, (_, i) => seam - (10 - i) * MIN),
    );
    expect(received.live.map((c) => [c.start, c.close])).toEqual([[seam, 10]]);
  } finally {
    received.close();
  }
}, 120_000);

it('SSE on a ticks topic: the latest tick before the seam, then every tick from the seam live', async () => {
  const created = await api(platform.gw, 'POST', '/v1/streams', {
    body: { spec: { kind: 'ticks', symbols: ['DOT'], quote: 'USD' } },
  });
  expect(created.status).toBe(200);
  const topic = created.body.topic as string;
  if (Date.now() % MIN > MIN - 8000) await new Promise((r) => setTimeout(r, MIN - (Date.now() % MIN) + 500));
  const seam = seamOf(Date.now());
  await hdb.sql.unsafe(
    `INSERT INTO ticks (market, base, quote, ts, trade_id, price, origin, message_id, produced_at)
     SELECT 'CCCAGG', 'DOT', 'USD', to_timestamp(($1::bigint + d) / 1000.0), 'db' || d, 5, 'stream', 'm', now()
     FROM unnest(ARRAY[-9000, -500, 1000]) AS d`,
    [seam],
  );
  const tickAt = (offset: number): PriceTick =>
    priceTick({
      market: 'CCCAGG',
      base: 'DOT',
      quote: 'USD',
      price: 5,
      ts: seam + offset,
      tradeId: `k${offset}`,
      origin: 'stream',
    });
  const messages = [
    { tick: tickAt(-2000), at: seam + 100 }, // published after the seam, older data: the snapshot's side
    { tick: tickAt(1000), at: seam + 1100 },
    { tick: tickAt(1500), at: seam + 1600 },
  ].map(({ tick, at }) => {
    const value = encode(PriceTickMessageSchema, makeEnvelope('PriceTick', 1, 'producer', tick));
    if (!value.ok) throw new Error(value.error.message);
    return { key: pairKey(tick), value: value.value, timestamp: String(at) };
  });
  await producer.send({ topic, messages, acks: -1 });
  const snapshots: { seam: number; data: PriceTick[] }[] = [];
  const live: PriceTick[] = [];
  const es = new EventSource(
    `${platform.gw.base}/v1/stream/sse?topic=${encodeURIComponent(topic)}&snapshot=1`,
    {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${KEY_A}` } }),
    },
  );
  es.addEventListener('snapshot', (e) => snapshots.push(JSON.parse(e.data)));
  es.onmessage = (e) => live.push((JSON.parse(e.data) as { data: PriceTick }).data);
  try {
    await eventually(() => live.length >= 2, 'the live ticks', 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshots[0]?.data.map((t) => [t.ts, t.tradeId])).toEqual([[seam - 500, 'db-500']]);
    expect(live.map((t) => t.tradeId)).toEqual(['k1000', 'k1500']);
  } finally {
    es.close();
  }
}, 120_000);
