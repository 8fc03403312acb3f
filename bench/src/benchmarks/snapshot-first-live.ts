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

/** A live SSE reader of the topic recording each message's delay from its envelope time (`at`). */
function watchLive(url: string, onLag: (ms: number) => void): () => void {
  const req = request(url, { headers: { authorization: `Bearer ${BENCH_API_KEY}` } }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\n');
      text = lines.pop() ?? '';
      for (const line of lines) {
        const at = /"at":"([^"]+)"/.exec(line)?.[1];
        if (line.startsWith('data: {"type":"Candle1m"') && at) onLag(Date.now() - Date.parse(at));
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return () => req.destroy();
}

export type CandleFlow = {
  /** Live delay of every message while `phase` is set (one array per phase name). */
  lags: Map<string, number[]>;
  phase: string;
  /** Times `samples` SSE opens with `snapshot=200` to their first live message. */
  snapshotStreams(samples: number): Promise<number[]>;
  stop(): Promise<void>;
};

/**
 * A candles.1m topic for one pair with stored history, candle revisions flowing on it (10 a second),
 * and one live SSE reader measuring delivery delay (to see whether history load slows live delivery).
 */
export async function startCandleFlow(
  brokers: readonly string[],
  base: string,
  pair: string,
): Promise<CandleFlow> {
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
  const timer = setInterval(() => void publish().catch(() => {}), 100);
  const streamUrl = `${base}/v1/stream/sse?topic=${encodeURIComponent(topic)}`;
  const flow: CandleFlow = {
    lags: new Map(),
    phase: '',
    async snapshotStreams(samples) {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) times.push(await firstLiveMs(`${streamUrl}&snapshot=200`, 10_000));
      return times;
    },
    async stop() {
      clearInterval(timer);
      stopWatching();
      await producer.disconnect();
    },
  };
  const stopWatching = watchLive(streamUrl, (ms) => {
    if (!flow.phase) return;
    const list = flow.lags.get(flow.phase) ?? [];
    list.push(ms);
    flow.lags.set(flow.phase, list);
  });
  return flow;
}
