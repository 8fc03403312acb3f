import { eventually } from '@mdp/runtime/testing';
import { z } from 'zod';
import { api, KEY_A } from '../testing/gateway';
import { tick, writeTicks } from '../testing/market';
import { useGatewayPlatform } from '../testing/platform';
import { openSse } from '../testing/sse-client';
import { openWs } from '../testing/ws-client';
import { apiDocuments } from './documents';
import {
  ErrorBodySchema,
  StreamCreatedSchema,
  TopicListSchema,
  WebhookCreatedSchema,
  WebhookListSchema,
  WebhookViewSchema,
} from './response-schemas';
import { ReadySchema, StreamMessageSchema, WsServerFrames } from './stream-messages';

const platform = useGatewayPlatform();
const { producer } = platform;
let topic: string;

/** A real answer has what the document says, and no top-level field it does not name. */
function expectDocumented(schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  if (schema instanceof z.ZodObject && value && typeof value === 'object')
    expect(Object.keys(value).filter((k) => !(k in schema.shape))).toEqual([]);
}

beforeAll(async () => {
  const created = await api(platform.gw, 'POST', '/v1/streams', {
    body: { spec: { kind: 'ticks', symbols: ['XRP'], quote: 'USD' } },
  });
  expect(created.status).toBe(200);
  expectDocumented(StreamCreatedSchema, created.body);
  topic = created.body.topic as string;
}, 60_000);

describe('the served API documents', () => {
  it('serves both documents without a key, as generated', async () => {
    const openapi = await api(platform.gw, 'GET', '/v1/openapi.json', { key: null });
    expect(openapi.status).toBe(200);
    expect(openapi.body).toEqual(JSON.parse(JSON.stringify(apiDocuments().openapi)));
    const asyncapi = await api(platform.gw, 'GET', '/v1/asyncapi.json', { key: 'not-a-key-0123456789' });
    expect(asyncapi.status).toBe(200);
    expect(asyncapi.body).toEqual(JSON.parse(JSON.stringify(apiDocuments().asyncapi)));
  });

  it('still asks for a key everywhere else', async () => {
    const refused = await api(platform.gw, 'GET', '/v1/topics', { key: null });
    expect(refused.status).toBe(401);
    expectDocumented(ErrorBodySchema, refused.body);
  });

  it("answers HTTP as the document's schemas say", async () => {
    const topics = await api(platform.gw, 'GET', '/v1/topics');
    expectDocumented(TopicListSchema, topics.body);
    const bad = await api(platform.gw, 'POST', '/v1/streams', { body: { spec: { kind: 'nope' } } });
    expect(bad.status).toBe(400);
    expectDocumented(ErrorBodySchema, bad.body);
    const hook = await api(platform.gw, 'POST', '/v1/webhooks', {
      body: { url: 'http://127.0.0.1:9/hook', topic },
    });
    expect(hook.status).toBe(201);
    expectDocumented(WebhookCreatedSchema, hook.body);
    expectDocumented(WebhookListSchema, (await api(platform.gw, 'GET', '/v1/webhooks')).body);
    expectDocumented(WebhookViewSchema, (await api(platform.gw, 'GET', `/v1/webhooks/${hook.body.id}`)).body);
    expect((await api(platform.gw, 'DELETE', `/v1/webhooks/${hook.body.id}`)).status).toBe(204);
  });

  it('streams SSE events and WebSocket frames as the AsyncAPI document says', async () => {
    const sse = openSse(`${platform.gw.base}/v1/stream/sse?topic=${topic}`, KEY_A);
    const ws = openWs(platform.gw.base, KEY_A);
    try {
      await ws.opened;
      ws.send({ type: 'subscribe', id: 's1', topic });
      ws.send({ type: 'ping', data: 'p1' });
      ws.send({ type: 'subscribe', id: 'bad' });
      await eventually(
        () =>
          sse.ready !== undefined && ws.ofType('subscribed').length === 1 && ws.ofType('error').length === 1,
        'both subscribed, the bad subscription refused',
      );
      await writeTicks(producer, topic, [tick('XRP', 1)]);
      await eventually(
        () => sse.messages.length === 1 && ws.ofType('data').length === 1,
        'the tick on both streams',
      );
      expectDocumented(ReadySchema, sse.ready);
      expectDocumented(StreamMessageSchema, sse.messages[0]?.data);
      const types = new Set(ws.frames.map((f) => f.type));
      expect([...types].sort()).toEqual(['data', 'error', 'pong', 'subscribed', 'welcome']);
      for (const frame of ws.frames)
        expectDocumented(WsServerFrames[frame.type as keyof typeof WsServerFrames], frame);
    } finally {
      sse.close();
      ws.ws.close();
    }
  }, 30_000);
});
