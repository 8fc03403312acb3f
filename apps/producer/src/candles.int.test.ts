import { encode } from '@mdp/contracts/codec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { CandleMessageSchema } from '@mdp/contracts/market-data';
import { eventually } from '@mdp/runtime/testing';
import { parseHistoPoint } from './cryptocompare/candle-parser';
import { parsePair } from './pairs';
import { floorMinute } from './pipeline/candle-tracker';
import { type Harness, startHarness } from './testing/harness';
import { readTopic } from './tools/read-topic';
import { checkCandles } from './tools/topic-checks';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const btc = parsePair('BTC-USD') ?? (null as never);

/** The simulator's own minute candles (its history), as contract candles keyed by start. */
async function simCandles(h: Harness, toMs: number, limit: number) {
  const url = `${h.address.baseUrl}/data/v2/histominute?fsym=BTC&tsym=USD&limit=${limit}&toTs=${toMs / 1000}`;
  const body = (await (await fetch(url)).json()) as { Data: { Data: unknown[] } };
  const out = new Map<number, unknown>();
  for (const p of body.Data.Data) {
    const c = parseHistoPoint(p, btc, 'rest');
    if (c.ok) out.set(c.value.start, c.value);
  }
  return out;
}

describe('candle backfill (simulator + real broker)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('fills a gap of N minutes after the producer was down, exactly: each missing minute once, nothing before', async () => {
    const N = 7;
    h = await startHarness({
      sim: { pairs: ['BTC-USD'], seed: 21 },
      env: {
        PRODUCER_REST_ENABLED: 'false',
        PRODUCER_STREAM_ENABLED: 'false',
        PRODUCER_PAIRS: 'BTC-USD',
        PRODUCER_CANDLE_POLL_INTERVAL_MS: '3600000',
      },
    });
    // What an earlier run left: the candles topic ends N+1 minutes ago.
    const current = floorMinute(Date.now());
    const lastPublished = current - (N + 1) * MINUTE;
    const truth = await simCandles(h, current, N + 5);
    await h.ensurePlatformTopics();
    const seed = makeEnvelope('Candle1m', 1, 'producer', truth.get(lastPublished) as never);
    const value = encode(CandleMessageSchema, seed);
    if (!value.ok) throw new Error(value.error.message);
    const producer = h.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: h.topics.candles1m,
      messages: [{ key: 'CCCAGG:BTC-USD', value: value.value }],
    });
    await producer.disconnect();

    await h.startProducer();
    await eventually(async () => (await h.metric('producer_candles_published_total')) >= N, 'the backfill');
    await h.stopProducer();
    const messages = await readTopic(h.kafka, h.topics.candles1m);
    const report = checkCandles(messages);
    expect(report.invalid).toBe(0);
    expect(report.perPair['CCCAGG:BTC-USD']?.holes).toEqual([]);
    const byStart = new Map<number, number>();
    for (const c of report.candles.slice(1)) byStart.set(c.start, (byStart.get(c.start) ?? 0) + 1);
    // The minutes after the resume point up to the last closed one (one more if a minute closed meanwhile).
    const filled = [...byStart.keys()].sort((a, b) => a - b);
    expect(filled[0]).toBe(lastPublished + MINUTE);
    expect(filled.slice(0, N)).toEqual(Array.from({ length: N }, (_, i) => lastPublished + (i + 1) * MINUTE));
    expect(filled.length === N || filled.length === N + 1).toBe(true);
    for (const n of byStart.values()) expect(n).toBe(1);
    for (const c of report.candles.slice(1, N + 1)) expect(c).toEqual(truth.get(c.start));
  });
});
