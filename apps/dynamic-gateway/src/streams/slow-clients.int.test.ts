import { eventually } from '@mdp/runtime/testing';
import { KEY_A, KEY_B } from '../testing/gateway';
import { tick, tickId, writeTicks } from '../testing/market';
import { useGatewayPlatform } from '../testing/platform';
import { rawSse } from '../testing/raw-sse';
import { dataOf, openWs } from '../testing/ws-client';

const platform = useGatewayPlatform({
  GATEWAY_CLIENT_BUFFER_MESSAGES: '200',
  GATEWAY_TOPIC_BUFFER_MESSAGES: '5000',
  GATEWAY_SOCKET_HIGH_WATER_BYTES: '65536',
  GATEWAY_WS_PING_INTERVAL_MS: '60000',
});
const { producer } = platform;

/** Enough data to fill the kernel's socket buffers of a client that stopped reading. */
const N = 20_000;
const PAIRS = ['AAA', 'BBB', 'CCC', 'DDD'];

async function writeMany(topic: string): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < N; start += 2000) {
    const ticks = Array.from({ length: 2000 }, (_, i) =>
      tick(PAIRS[(start + i) % PAIRS.length] as string, start + i),
    );
    ids.push(...ticks.map((t) => `${t.base}#${t.tradeId}`));
    await writeTicks(producer, topic, ticks);
  }
  return ids;
}

/** A fast WebSocket client and the topic of a spec of its own (symbols = PAIRS + one marker). */
async function fastClient(marker: string) {
  const fast = openWs(platform.gw.base, KEY_A);
  await fast.opened;
  fast.send({
    type: 'subscribe',
    id: 'f',
    spec: { kind: 'ticks', symbols: [...PAIRS, marker], quote: 'USD' },
  });
  await eventually(() => fast.ofType('subscribed', 'f').length === 1, 'fast subscribed', 30_000);
  return { fast, topic: fast.ofType('subscribed', 'f')[0]?.topic as string };
}

const perPair = (ids: string[]) => PAIRS.map((p) => ids.filter((id) => id.startsWith(`${p}#`)));

describe('a slow client never slows the others', () => {
  it('drop-oldest: the slow SSE client is told about the gap, the fast one gets everything', async () => {
    const { fast, topic } = await fastClient('XA');
    const slow = rawSse(`${platform.gw.base}/v1/stream/sse?topic=${topic}&policy=drop-oldest`, KEY_B);
    try {
      await eventually(() => slow.ofType('ready').length === 1, 'slow ready');
      slow.pause();
      const written = await writeMany(topic);
      await eventually(() => dataOf(fast.frames, 'f').length === N, 'fast client has everything', 60_000);
      expect(perPair(dataOf(fast.frames, 'f').map(tickId))).toEqual(perPair(written));
      expect(fast.ofType('gap')).toEqual([]);
      slow.resume();
      // Every message is accounted for: delivered, or counted in a gap event (drop-oldest drops in
      // arrival order, which interleaves partitions, so even a pair's newest values may be dropped).
      const dropped = () =>
        slow.ofType('gap').reduce((n, g) => n + (JSON.parse(g.data) as { dropped: number }).dropped, 0);
      await eventually(
        () => slow.ofType('message').length + dropped() === N,
        'slow client caught up',
        60_000,
      );
      const gaps = slow
        .ofType('gap')
        .map((g) => JSON.parse(g.data) as { dropped: number; from: string; to: string });
      const received = slow.ofType('message').map((m) => tickId(JSON.parse(m.data)));
      expect(gaps.length).toBeGreaterThan(0);
      expect(received.length + gaps.reduce((n, g) => n + g.dropped, 0)).toBe(N);
      for (const [i, ids] of perPair(received).entries())
        expect(ids).toEqual(perPair(written)[i]?.filter((id) => ids.includes(id)));
      expect(new Set(received).size).toBe(received.length);
    } finally {
      slow.close();
      fast.ws.close();
    }
  }, 120_000);

  it('latest-per-pair: the slow client gets the latest value of every pair, the fast one everything', async () => {
    const { fast, topic } = await fastClient('XB');
    const slow = openWs(platform.gw.base, KEY_B);
    try {
      await slow.opened;
      slow.send({ type: 'subscribe', id: 's', topic, policy: 'latest-per-pair' });
      await eventually(() => slow.ofType('subscribed', 's').length === 1, 'slow subscribed');
      slow.ws.pause();
      const written = await writeMany(topic);
      await eventually(() => dataOf(fast.frames, 'f').length === N, 'fast client has everything', 60_000);
      expect(perPair(dataOf(fast.frames, 'f').map(tickId))).toEqual(perPair(written));
      slow.ws.resume();
      const lastPerPair = perPair(written).map((ids) => ids.at(-1));
      await eventually(
        () => {
          const got = dataOf(slow.frames, 's').map(tickId);
          return lastPerPair.every((id) => got.includes(id as string));
        },
        'slow client has the latest of every pair',
        60_000,
      );
      const got = dataOf(slow.frames, 's').map(tickId);
      expect(got.length).toBeLessThan(N);
      const conflated = slow.ofType('gap', 's').reduce((n, g) => n + (g.conflated as number), 0);
      expect(conflated).toBeGreaterThan(0);
      for (const ids of perPair(got))
        expect([...ids].sort((a, b) => Number(a.split('#')[1]) - Number(b.split('#')[1]))).toEqual(ids);
    } finally {
      slow.ws.close();
      fast.ws.close();
    }
  }, 120_000);

  it('disconnect: the slow client is closed with a reason, the fast one gets everything', async () => {
    const { fast, topic } = await fastClient('XC');
    const slow = openWs(platform.gw.base, KEY_B);
    try {
      await slow.opened;
      slow.send({ type: 'subscribe', id: 's', topic, policy: 'disconnect' });
      await eventually(() => slow.ofType('subscribed', 's').length === 1, 'slow subscribed');
      slow.ws.pause();
      const written = await writeMany(topic);
      await eventually(() => dataOf(fast.frames, 'f').length === N, 'fast client has everything', 60_000);
      expect(perPair(dataOf(fast.frames, 'f').map(tickId))).toEqual(perPair(written));
      const metrics = await (await fetch(`${platform.gw.base}/metrics`)).text();
      expect(metrics).toMatch(
        /gateway_disconnects_total\{[^}]*transport="ws"[^}]*reason="slow_consumer"[^}]*\} 1/,
      );
      slow.ws.resume();
      const closed = await slow.closed;
      expect(closed).toEqual({ code: 1008, reason: 'slow_consumer' });
    } finally {
      slow.ws.close();
      fast.ws.close();
    }
  }, 120_000);
});
