import { KEY_A } from '@mdp/dynamic-gateway/testing/gateway';
import { tick, writeTicks } from '@mdp/dynamic-gateway/testing/market';
import { useGatewayPlatform } from '@mdp/dynamic-gateway/testing/platform';
import { eventually } from '@mdp/runtime/testing';
import { createClient } from './client.js';
import type { StreamState } from './message-stream.js';
import { startTcpProxy } from './testing/tcp-proxy.js';
import type { PriceTickMessage, StreamMessage } from './types.js';

const platform = useGatewayPlatform();
const { producer } = platform;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;

beforeAll(async () => {
  proxy = await startTcpProxy(platform.gw.port);
}, 60_000);
afterAll(() => proxy?.close(), 60_000);

const fast = { baseMs: 50, maxMs: 200 };
const ids = (messages: Array<StreamMessage<PriceTickMessage>>) =>
  messages.map((m) => `${m.data.data.base}#${m.data.data.tradeId}`);
const expected = (base: string, from: number, count: number) =>
  Array.from({ length: count }, (_, n) => `${base}#${from + n}`);

/** Writes the ticks `from` to `from + count - 1` of `base`, in order. */
const writeRange = (topic: string, base: string, from: number, count: number) =>
  writeTicks(
    producer,
    topic,
    Array.from({ length: count }, (_, n) => tick(base, from + n)),
  );

/** Reads a stream in the background, as an application would with for await. */
function collect<T>(stream: AsyncIterable<T>) {
  const received: T[] = [];
  const done = (async () => {
    for await (const message of stream) received.push(message);
  })();
  return { received, done };
}

describe.each(['sse', 'ws'] as const)('a %s stream', (transport) => {
  it('resumes across a forced disconnect from its last position: no loss, no duplicate', async () => {
    const base = transport === 'sse' ? 'SSEA' : 'WSA';
    const client = createClient({ url: proxy.base, apiKey: KEY_A });
    const stream = client.stream(
      { kind: 'ticks', symbols: [base], quote: 'USD' },
      { transport, backoff: fast },
    );
    const states: StreamState[] = [];
    const errors: Error[] = [];
    stream.on('state', (s) => states.push(s)).on('error', (e) => errors.push(e));
    const { received, done } = collect(stream);
    try {
      await eventually(() => stream.state === 'open', 'open', 30_000);
      const topic = stream.topic as string;
      await writeRange(topic, base, 0, 20);
      await eventually(() => received.length === 20, 'the first 20');

      proxy.cut();
      // Written while the client is away: it must get them from its position, once.
      await writeRange(topic, base, 20, 20);
      await eventually(
        () => received.length >= 40 && stream.state === 'open',
        'resumed, the next 20',
        30_000,
      );
      await writeRange(topic, base, 40, 10);
      await eventually(() => received.length >= 50, 'live again');
      await new Promise((r) => setTimeout(r, 300));

      expect(ids(received)).toEqual(expected(base, 0, 50));
      expect(received.every((m) => m.topic === topic)).toBe(true);
      expect(states).toEqual(['open', 'reconnecting', 'open']);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      client.close();
      await done;
    }
    expect(stream.state).toBe('closed');
  }, 60_000);
});

describe.each(['sse', 'ws'] as const)('a %s stream the gateway ends', (transport) => {
  it('is opened again from its position (SSE error event, WebSocket unsubscribed frame)', async () => {
    const base = transport === 'sse' ? 'SSEB' : 'WSB';
    const client = createClient({ url: platform.gw.base, apiKey: KEY_A });
    const stream = client.stream(
      { kind: 'ticks', symbols: [base], quote: 'USD' },
      { transport, backoff: fast },
    );
    const errors: string[] = [];
    stream.on('error', (e) => errors.push((e as { code?: string }).code ?? e.message));
    const { received, done } = collect(stream);
    try {
      await eventually(() => stream.state === 'open', 'open', 30_000);
      const topic = stream.topic as string;
      await writeRange(topic, base, 0, 10);
      await eventually(() => received.length === 10, 'the first 10');
      for (const c of platform.gw.app.components.clients.all().filter((c) => c.topic === topic))
        c.close('test_disconnect');
      await writeRange(topic, base, 10, 10);
      await eventually(() => received.length >= 20, 'the next 10', 30_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(ids(received)).toEqual(expected(base, 0, 20));
      expect(errors).toEqual(['test_disconnect']);
    } finally {
      client.close();
      await done;
    }
  }, 60_000);
});

describe('WebSocket streams', () => {
  it('share one socket, and all resume after it drops', async () => {
    const client = createClient({ url: proxy.base, apiKey: KEY_A });
    const before = proxy.connections();
    const streams = ['SHA', 'SHB'].map((base) =>
      client.stream({ kind: 'ticks', symbols: [base], quote: 'USD' }, { transport: 'ws', backoff: fast }),
    );
    const readers = streams.map((s) => collect(s));
    try {
      await eventually(() => streams.every((s) => s.state === 'open'), 'both open', 30_000);
      expect(proxy.connections() - before).toBe(1);
      for (const [i, base] of ['SHA', 'SHB'].entries())
        await writeRange(streams[i]?.topic as string, base, 0, 5);
      await eventually(() => readers.every((r) => r.received.length === 5), 'five each');

      proxy.cut();
      for (const [i, base] of ['SHA', 'SHB'].entries())
        await writeRange(streams[i]?.topic as string, base, 5, 5);
      await eventually(() => readers.every((r) => r.received.length >= 10), 'ten each', 30_000);
      await new Promise((r) => setTimeout(r, 300));

      expect(proxy.connections() - before).toBe(2);
      expect(ids(readers[0]?.received ?? [])).toEqual(expected('SHA', 0, 10));
      expect(ids(readers[1]?.received ?? [])).toEqual(expected('SHB', 0, 10));
    } finally {
      client.close();
      await Promise.all(readers.map((r) => r.done));
    }
  }, 60_000);
});
