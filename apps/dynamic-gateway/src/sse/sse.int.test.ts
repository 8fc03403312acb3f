import { eventually } from '@mdp/runtime/testing';
import { api, KEY_A, KEY_B } from '../testing/gateway';
import { tick, tickId, writeTicks } from '../testing/market';
import { useGatewayPlatform } from '../testing/platform';
import { openSse } from '../testing/sse-client';

const platform = useGatewayPlatform();
const { producer } = platform;

const spec = { kind: 'ticks', symbols: ['BTC', 'ETH'], quote: 'USD' };

describe('SSE', () => {
  it('streams the data of a new spec and resumes after a disconnect with no loss and no duplicate', async () => {
    const requestedAt = Date.now();
    const created = await api(platform.gw, 'POST', '/v1/streams', { body: { spec } });
    expect(created.status).toBe(200);
    const topic = created.body.topic as string;
    const first = openSse(
      `${platform.gw.base}/v1/stream/sse?spec=${encodeURIComponent(JSON.stringify(spec))}`,
      KEY_A,
    );
    await eventually(() => first.ready !== undefined, 'ready event');
    expect(first.ready?.topic).toBe(topic);
    await writeTicks(
      producer,
      topic,
      Array.from({ length: 30 }, (_, n) => tick(n % 2 ? 'BTC' : 'ETH', n)),
    );
    await eventually(() => first.messages.length === 30, '30 messages');
    // eslint-disable-next-line no-console
    console.log(`request to first message: ${Date.now() - requestedAt} ms (includes topic creation)`);
    first.close();
    const lastId = first.messages.at(-1)?.id as string;
    await writeTicks(
      producer,
      topic,
      Array.from({ length: 20 }, (_, n) => tick(n % 2 ? 'BTC' : 'ETH', 30 + n)),
    );
    const resumed = openSse(`${platform.gw.base}/v1/stream/sse?topic=${topic}`, KEY_B, {
      'last-event-id': lastId,
    });
    await eventually(() => resumed.messages.length >= 20, 'the 20 later messages');
    await new Promise((r) => setTimeout(r, 300));
    resumed.close();
    const all = [...first.messages, ...resumed.messages].map((m) => tickId(m.data));
    expect(all).toHaveLength(50);
    expect(new Set(all).size).toBe(50);
  }, 60_000);

  it('an EventSource the gateway disconnects reconnects by itself with Last-Event-ID and misses nothing', async () => {
    const spec2 = { kind: 'ticks', symbols: ['DOGE'], quote: 'USD' };
    const client = openSse(
      `${platform.gw.base}/v1/stream/sse?spec=${encodeURIComponent(JSON.stringify(spec2))}`,
      KEY_A,
    );
    try {
      await eventually(() => client.ready !== undefined, 'ready', 30_000);
      const topic = client.ready?.topic as string;
      await writeTicks(
        producer,
        topic,
        Array.from({ length: 10 }, (_, n) => tick('DOGE', n)),
      );
      await eventually(() => client.messages.length === 10, 'first 10');
      const server = platform.gw.app.components.clients.all().find((c) => c.topic === topic);
      server?.close('test_disconnect');
      await writeTicks(
        producer,
        topic,
        Array.from({ length: 10 }, (_, n) => tick('DOGE', 10 + n)),
      );
      await eventually(
        () => client.messages.length >= 20 && client.opens === 2,
        'reconnected, the next 10',
        30_000,
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(client.messages.map((m) => tickId(m.data))).toEqual(
        Array.from({ length: 20 }, (_, n) => `DOGE#${n}`),
      );
      expect(client.errors.length).toBeGreaterThan(0);
    } finally {
      client.close();
    }
  }, 60_000);

  it('a reconnect before the first message resumes at the ready event id: all later messages, none twice', async () => {
    const spec3 = { kind: 'ticks', symbols: ['SOL'], quote: 'USD' };
    const client = openSse(
      `${platform.gw.base}/v1/stream/sse?spec=${encodeURIComponent(JSON.stringify(spec3))}`,
      KEY_A,
    );
    try {
      await eventually(() => client.ready !== undefined, 'ready', 30_000);
      const topic = client.ready?.topic as string;
      // Cut before any data event: the only id the client holds is the ready event's.
      platform.gw.app.components.clients
        .all()
        .find((c) => c.topic === topic)
        ?.close('test_disconnect');
      // Published while the client waits its retry delay (1 s) to reconnect.
      await writeTicks(
        producer,
        topic,
        Array.from({ length: 10 }, (_, n) => tick('SOL', n)),
      );
      await eventually(() => client.opens === 2, 'reconnected', 30_000);
      await writeTicks(
        producer,
        topic,
        Array.from({ length: 5 }, (_, n) => tick('SOL', 10 + n)),
      );
      await eventually(() => client.messages.length >= 15, 'all 15 messages', 30_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(client.messages.map((m) => tickId(m.data))).toEqual(
        Array.from({ length: 15 }, (_, n) => `SOL#${n}`),
      );
    } finally {
      client.close();
    }
  }, 60_000);
});
