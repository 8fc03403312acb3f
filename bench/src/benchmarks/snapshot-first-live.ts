import { request } from 'node:http';
import { encode } from '@mdp/contracts/codec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { pairKey } from '@mdp/contracts/keys';
import { type Candle, CandleMessageSchema } from '@mdp/contracts/market-data';
import { httpRequest } from '../harness/http';
import { benchKafka } from '../harness/kafka';
import { BENCH_API_KEY } from '../harness/platform';

/** Time from an SSE request with `snapshot=200` to its first live message (after the snapshot event). */
function firstLiveMs(url: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${BENCH_API_KEY}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const snapshotAt = text.indexOf('event: snapshot');
        if (snapshotAt >= 0 && text.indexOf('\nid: ', snapshotAt) >= 0) {
          resolve(performance.now() - started);
          req.destroy();
        }
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('no live message in time')));
    req.on('error', (e) => (e.message === 'socket hang up' ? undefined : reject(e)));
    req.end();
  });
}

/**
 * Opens `samples` SSE streams one after another on a candles.1m topic of a pair with stored history,
 * while candle revisions flow on the topic (10 a second), and times each to its first live message.
 */
export async function measureSnapshotStreams(
  brokers: readonly string[],
  base: string,
  pair: string,
  samples: number,
): Promise<number[]> {
  const created = await httpRequest(`${base}/v1/streams`, {
    method: 'POST',
    body: { spec: { kind: 'candles.1m', symbols: [pair], quote: 'USD' } },
    headers: { authorization: `Bearer ${BENCH_API_KEY}` },
    timeoutMs: 30_000,
  });
  if (created.status !== 200) throw new Error(`POST /v1/streams answered ${created.status}: ${created.body}`);
  const topic = (JSON.parse(created.body) as { topic: string }).topic;
  const producer = benchKafka(brokers, 'bench-candles').producer();
  await producer.connect();
  let n = 0;
  const publish = async () => {
    const now = Date.now();
    const c: Candle = {
      market: 'CCCAGG',
      base: pair,
      quote: 'USD',
      start: now - (now % 60_000),
      open: 1,
      high: 2,
      low: 0.5,
      close: 1 + (n++ % 10) / 10,
      volumeFrom: 1,
      volumeTo: 1,
      trades: 1,
      origin: 'stream',
    };
    const value = encode(CandleMessageSchema, makeEnvelope('Candle1m', 1, 'producer', c));
    if (value.ok) await producer.send({ topic, messages: [{ key: pairKey(c), value: value.value }] });
  };
  await publish();
  const flow = setInterval(() => void publish().catch(() => {}), 100);
  try {
    const url = `${base}/v1/stream/sse?topic=${encodeURIComponent(topic)}&snapshot=200`;
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await firstLiveMs(url, 10_000));
    return times;
  } finally {
    clearInterval(flow);
    await producer.disconnect();
  }
}
