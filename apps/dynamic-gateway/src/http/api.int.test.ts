import { decode } from '@mdp/contracts/codec';
import { SubscriberHeartbeatSchema } from '@mdp/contracts/control';
import { topicNames } from '@mdp/contracts/topic-names';
import { eventually } from '@mdp/runtime/testing';
import { api, KEY_A, KEY_B, KEY_C } from '../testing/gateway';
import { tick, tickId, writeTicks } from '../testing/market';
import { useGatewayPlatform } from '../testing/platform';
import { openSse } from '../testing/sse-client';

const platform = useGatewayPlatform({
  GATEWAY_MAX_SUBSCRIPTIONS_PER_APP: '2',
  GATEWAY_MAX_BODY_BYTES: '1024',
  GATEWAY_TOPIC_BUFFER_MESSAGES: '200',
  GATEWAY_CLIENT_BUFFER_MESSAGES: '150',
});
const { namespace, admin, producer } = platform;
const names = topicNames(namespace);
const heartbeats: Array<{ gatewayId: string; topics: Array<{ topic: string; subscribers: number }> }> = [];
const watcher = platform.kafka.consumer({ groupId: `${namespace}.watcher`, maxWaitTimeInMs: 100 });
let topic: string;

const spec = { kind: 'ticks', symbols: ['ADA'], quote: 'USD' };

beforeAll(async () => {
  await watcher.connect();
  await watcher.subscribe({ topics: [names.events], fromBeginning: true });
  await watcher.run({
    eachMessage: async ({ message }) => {
      const hb = decode(SubscriberHeartbeatSchema, message.value);
      if (hb.ok) heartbeats.push(hb.value.data);
    },
  });
  const created = await api(platform.gw, 'POST', '/v1/streams', { body: { spec } });
  expect(created.status).toBe(200);
  topic = created.body.topic as string;
}, 60_000);

afterAll(() => watcher.disconnect(), 60_000);

const sse = (query: string, key = KEY_A) => api(platform.gw, 'GET', `/v1/stream/sse?${query}`, { key });

describe('API answers', () => {
  it('refuses a missing key with 401 and an unknown key with 403, on every route', async () => {
    for (const [method, path] of [
      ['GET', '/v1/topics'],
      ['POST', '/v1/streams'],
      ['GET', '/v1/stream/sse?topic=x'],
      ['GET', '/v1/webhooks'],
    ] as const) {
      const missing = await api(platform.gw, method, path, { key: null });
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({
        error: { code: 'missing_api_key', message: 'an API key or token is required' },
      });
      expect((await api(platform.gw, method, path, { key: 'not-a-key-0123456789' })).status).toBe(403);
    }
    expect(
      (await api(platform.gw, 'GET', '/v1/topics', { key: null, headers: { 'x-api-key': KEY_A } })).status,
    ).toBe(200);
    // A key in the URL only where browsers cannot send a header (EventSource, WebSocket).
    const inQuery = await api(platform.gw, 'GET', `/v1/topics?api_key=${KEY_A}`, { key: null });
    expect(inQuery.status).toBe(401);
    expect(inQuery.body).toMatchObject({ error: { code: 'api_key_in_query' } });
    expect(
      (await api(platform.gw, 'GET', `/v1/stream/sse?topic=x&api_key=${KEY_A}`, { key: null })).status,
    ).not.toBe(401);
  });

  it('lists the active dynamic topics', async () => {
    const listed = await api(platform.gw, 'GET', '/v1/topics');
    expect(listed.status).toBe(200);
    expect(listed.body.topics).toEqual([
      expect.objectContaining({
        topic,
        status: 'active',
        spec: { ...spec, market: 'CCCAGG', samplingMs: 0 },
        partitions: expect.any(Number),
      }),
    ]);
  });

  it('answers bad input precisely', async () => {
    const badSpec = await api(platform.gw, 'POST', '/v1/streams', {
      body: { spec: { kind: 'trades', symbols: ['BTC'], quote: 'USD', extra: 1 } },
    });
    expect(badSpec.status).toBe(400);
    expect(badSpec.body.error).toMatchObject({ code: 'invalid_spec' });
    const paths = (badSpec.body.error as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['kind']));
    expect(
      (await api(platform.gw, 'POST', '/v1/streams', { body: { spec, topic } })).body.error,
    ).toMatchObject({
      code: 'invalid_request',
    });
    expect((await api(platform.gw, 'POST', '/v1/streams', { raw: '{"spec":' })).status).toBe(400);
    expect(
      (
        await api(platform.gw, 'POST', '/v1/streams', {
          raw: '{}',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);
    expect(
      (await api(platform.gw, 'POST', '/v1/streams', { body: { spec, pad: 'x'.repeat(2000) } })).status,
    ).toBe(413);
    expect(
      (await sse(`topic=${names.dynamicPrefix}ticks.nothing.0123456789abcdef`)).body.error,
    ).toMatchObject({ code: 'unknown_topic' });
    expect((await sse('topic=market.ticks.v1')).status).toBe(404);
    expect((await sse('spec=%7Bnope')).body.error).toMatchObject({ code: 'invalid_spec' });
    expect((await sse(`topic=${topic}&from=a.b`)).body.error).toMatchObject({ code: 'invalid_position' });
    expect((await sse(`topic=${topic}&from=999999999`)).status).toBe(400);
    expect((await sse(`topic=${topic}&policy=fastest`)).status).toBe(400);
    expect((await sse(`topic=${topic}&bogus=1`)).status).toBe(400);
    expect((await sse(`topic=${topic}&fromTs=${Date.now() - 3 * 3_600_000}`)).body.error).toMatchObject({
      code: 'position_expired',
    });
    expect((await api(platform.gw, 'GET', '/v1/nothing')).status).toBe(404);
    expect((await api(platform.gw, 'DELETE', '/v1/topics')).status).toBe(405);
    expect((await api(platform.gw, 'GET', '/v1/ws')).status).toBe(426);
    expect(
      (await api(platform.gw, 'POST', '/v1/webhooks', { body: { url: 'ftp://example.com/x', topic } })).body
        .error,
    ).toMatchObject({ code: 'invalid_url' });
    expect((await api(platform.gw, 'DELETE', '/v1/webhooks/abc')).status).toBe(404);
    const metrics = await (await fetch(`${platform.gw.base}/metrics`)).text();
    expect(metrics).toMatch(/gateway_refused_requests_total\{[^}]*status="400"[^}]*code="invalid_spec"/);
  });

  it("returns the coordinator's reason when it rejects a spec", async () => {
    const rejected = await api(platform.gw, 'POST', '/v1/streams', {
      body: { spec: { kind: 'candles.1m', symbols: ['BTC'], quote: 'USD' } },
    });
    expect(rejected.status).toBe(422);
    expect(rejected.body.error).toMatchObject({ code: 'kind_not_allowed', message: expect.any(String) });
    const viaSse = await sse(
      `spec=${encodeURIComponent(JSON.stringify({ kind: 'candles.1m', symbols: ['ETH'], quote: 'USD' }))}`,
    );
    expect(viaSse.status).toBe(422);
  }, 30_000);

  it('limits subscriptions per app with 429', async () => {
    const one = openSse(`${platform.gw.base}/v1/stream/sse?topic=${topic}`, KEY_C);
    const two = openSse(`${platform.gw.base}/v1/stream/sse?topic=${topic}`, KEY_C);
    try {
      await eventually(() => one.ready !== undefined && two.ready !== undefined, 'two streams');
      const third = await sse(`topic=${topic}`, KEY_C);
      expect(third.status).toBe(429);
      expect(third.body.error).toMatchObject({ code: 'too_many_subscriptions' });
    } finally {
      one.close();
      two.close();
    }
  });

  it('resumes from an old position through a catch-up read, and refuses a deleted one with 410', async () => {
    const live = openSse(`${platform.gw.base}/v1/stream/sse?topic=${topic}`, KEY_A);
    let late: ReturnType<typeof openSse> | undefined;
    try {
      await eventually(() => live.ready !== undefined, 'live stream');
      const start = live.ready?.position as string;
      for (let chunk = 0; chunk < 4; chunk += 1) {
        await writeTicks(
          producer,
          topic,
          Array.from({ length: 100 }, (_, n) => tick('ADA', 1000 + chunk * 100 + n)),
        );
        await eventually(() => live.messages.length === (chunk + 1) * 100, `live client has chunk ${chunk}`);
      }
      // The topic's in-memory buffer holds 200 messages: this start is older, so it is read from Kafka.
      late = openSse(`${platform.gw.base}/v1/stream/sse?topic=${topic}&from=${start}`, KEY_A);
      const catchingUp = late;
      await eventually(() => catchingUp.messages.length === 400, 'catch-up client has everything');
      await writeTicks(producer, topic, [tick('ADA', 2000)]);
      await eventually(
        () => catchingUp.messages.length === 401 && live.messages.length === 401,
        'the next message',
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(catchingUp.messages.map((m) => tickId(m.data))).toEqual(
        live.messages.map((m) => tickId(m.data)),
      );
      expect(catchingUp.gaps).toEqual([]);
      expect(live.gaps).toEqual([]);

      const offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
      await admin.deleteTopicRecords({
        topic,
        partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
      });
      const expired = await sse(`topic=${topic}&from=${start}`, KEY_B);
      expect(expired.status).toBe(410);
      expect(expired.body.error).toMatchObject({
        code: 'position_expired',
        earliest: offsets.map((o) => o.high).join('.'),
      });
    } finally {
      live.close();
      late?.close();
    }
  }, 60_000);

  it('reports subscriber counts in heartbeats, down to 0', async () => {
    await eventually(() => platform.gw.app.components.clients.all().length === 0, 'earlier streams closed');
    const client = openSse(`${platform.gw.base}/v1/stream/sse?topic=${topic}`, KEY_A);
    const mine = () => heartbeats.filter((h) => h.gatewayId === platform.gw.config.gatewayId);
    try {
      await eventually(() => client.ready !== undefined, 'stream');
      await eventually(
        () => mine().some((h) => h.topics.some((t) => t.topic === topic && t.subscribers === 1)),
        'a heartbeat with 1 subscriber',
      );
    } finally {
      client.close();
    }
    const seen = mine().length;
    await eventually(
      () =>
        mine()
          .slice(seen)
          .some((h) => h.topics.some((t) => t.topic === topic && t.subscribers === 0)),
      'a heartbeat with 0 subscribers',
    );
  }, 30_000);
});
