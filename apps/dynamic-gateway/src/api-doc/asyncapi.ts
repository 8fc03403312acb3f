import { ControlEventSchema, ControlRequestSchema, TopicRecordSchema } from '@mdp/contracts/control';
import { DYNAMIC_KINDS } from '@mdp/contracts/dynamic-spec';
import { CandleMessageSchema, PriceTickMessageSchema } from '@mdp/contracts/market-data';
import { DEFAULT_TOPICS } from '@mdp/contracts/topic-names';
import type { z } from 'zod';
import { ClientFrameSchema } from '../ws/frames';
import { type JsonSchema, jsonSchema } from './json-schema';
import { specField } from './response-schemas';
import {
  GapSchema,
  ReadySchema,
  SnapshotSchema,
  SseErrorSchema,
  StreamMessageSchema,
  WebhookBatchSchema,
  WsServerFrames,
} from './stream-messages';

type Message = { name: string; summary: string; schema: z.ZodType; io?: 'input' | 'output' };
type Channel = {
  id: string;
  address: string | null;
  server: string;
  description: string;
  parameters?: Record<string, JsonSchema>;
  /** What the platform sends on it, and (WebSocket) what a client sends. */
  sends: Message[];
  receives?: Message[];
};

/** A topic's envelope types (`PriceTick`, `TopicActivated`, ...) as messages named by their `type`. */
const envelopes = (schemas: readonly z.ZodObject[], summary: string): Message[] =>
  schemas.map((schema) => {
    const type = (schema.shape.type as z.ZodLiteral<string>).value;
    return { name: type, summary: `${summary}: ${type}`, schema };
  });

const T = DEFAULT_TOPICS;

const CHANNELS: Channel[] = [
  {
    id: 'sse',
    address: '/v1/stream/sse',
    server: 'gateway',
    description:
      'GET /v1/stream/sse (see the OpenAPI document): one topic as Server-Sent Events. Unnamed events are the messages, each with the position after it as its id; named events: ready, snapshot, gap, error.',
    sends: [
      {
        name: 'sseReady',
        summary: 'event: ready, the stream is open (its id is the start position)',
        schema: ReadySchema,
      },
      {
        name: 'sseSnapshot',
        summary: 'event: snapshot, the history a snapshot=N stream starts with',
        schema: SnapshotSchema,
      },
      {
        name: 'sseMessage',
        summary: 'a message of the topic (id: its position)',
        schema: StreamMessageSchema,
      },
      {
        name: 'sseGap',
        summary: 'event: gap, messages skipped by the slow-client policy',
        schema: GapSchema,
      },
      { name: 'sseError', summary: 'event: error, the stream ends with this reason', schema: SseErrorSchema },
    ],
  },
  {
    id: 'ws',
    address: '/v1/ws',
    server: 'gatewayWs',
    description: 'The WebSocket door: JSON text frames, several subscriptions on one socket.',
    sends: Object.entries(WsServerFrames).map(([type, schema]) => ({
      name: `ws${type[0]?.toUpperCase()}${type.slice(1)}`,
      summary: `server frame: ${type}`,
      schema,
    })),
    receives: ClientFrameSchema.options.map((frame) => {
      const type = frame.shape.type.value;
      return {
        name: `wsClient${type[0]?.toUpperCase()}${type.slice(1)}`,
        summary: `client frame: ${type}`,
        schema: type === 'subscribe' ? frame.extend(specField) : frame,
        io: 'input' as const,
      };
    }),
  },
  {
    id: 'webhook',
    address: null,
    server: 'webhookReceiver',
    description:
      "Batches POSTed to a registered webhook's URL, signed with HMAC-SHA256 of the body (x-mdp-signature).",
    sends: [{ name: 'webhookBatch', summary: 'a batch of one stream', schema: WebhookBatchSchema }],
  },
  {
    id: 'marketTicks',
    address: T.ticks,
    server: 'kafka',
    description: 'Price ticks of every pair the producer follows; key MARKET:BASE-QUOTE.',
    sends: envelopes([PriceTickMessageSchema], 'a tick'),
  },
  {
    id: 'marketCandles',
    address: T.candles1m,
    server: 'kafka',
    description: 'One-minute candles (revised while the minute is open); key MARKET:BASE-QUOTE.',
    sends: envelopes([CandleMessageSchema], 'a candle'),
  },
  {
    id: 'dynamicTopic',
    address: `${T.dynamicPrefix}{kind}.{slug}.{hash}`,
    server: 'kafka',
    description: "A dynamic topic: the messages of one spec's pairs, created by the coordinator on request.",
    parameters: {
      kind: { enum: [...DYNAMIC_KINDS], description: 'the kind of the spec' },
      slug: { description: 'readable: the symbols and quote, slugified' },
      hash: { description: 'the hash of the canonical spec' },
    },
    sends: [
      { name: 'dynamicMessage', summary: 'a tick or a candle of the spec', schema: StreamMessageSchema },
    ],
  },
  {
    id: 'controlRequests',
    address: T.requests,
    server: 'kafka',
    description: "Requests to the coordinator; key: the request's id.",
    sends: envelopes(ControlRequestSchema.options, 'a request'),
  },
  {
    id: 'controlTopics',
    address: T.registry,
    server: 'kafka',
    description: 'The registry of dynamic topics (compacted); key: the topic name.',
    sends: envelopes([TopicRecordSchema], 'a topic record'),
  },
  {
    id: 'controlEvents',
    address: T.events,
    server: 'kafka',
    description: 'What happened to dynamic topics, and who reads them; key: the topic or request id.',
    sends: envelopes(ControlEventSchema.options, 'an event'),
  },
];

const ref = (path: string) => ({ $ref: path });

/** The AsyncAPI 3 document of the streams (SSE, WebSocket, webhooks) and the Kafka topics. */
export function asyncApiDocument(): JsonSchema {
  const messages: Record<string, JsonSchema> = {};
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const c of CHANNELS) {
    const own: Record<string, JsonSchema> = {};
    for (const m of [...c.sends, ...(c.receives ?? [])]) {
      const key = `${c.id}.${m.name}`.replace(/[^A-Za-z0-9_.-]/g, '_');
      messages[key] = {
        name: m.name,
        summary: m.summary,
        contentType: 'application/json',
        payload: jsonSchema(m.schema, m.io ?? 'output', 'draft-7'),
      };
      own[m.name] = ref(`#/components/messages/${key}`);
    }
    channels[c.id] = {
      address: c.address,
      description: c.description,
      servers: [ref(`#/servers/${c.server}`)],
      ...(c.parameters ? { parameters: c.parameters } : {}),
      messages: own,
    };
    const opMessages = (list: Message[]) => list.map((m) => ref(`#/channels/${c.id}/messages/${m.name}`));
    operations[`${c.id}Send`] = {
      action: 'send',
      channel: ref(`#/channels/${c.id}`),
      messages: opMessages(c.sends),
    };
    if (c.receives)
      operations[`${c.id}Receive`] = {
        action: 'receive',
        channel: ref(`#/channels/${c.id}`),
        messages: opMessages(c.receives),
      };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Market-data platform: streams and topics',
      version: '1',
      description:
        "What the platform sends: the gateway's SSE events, WebSocket frames and webhook batches, and the messages of its Kafka topics (every one an envelope {type, version, id, at, source, data}). Operations are the platform's: it sends, and receives the WebSocket client frames. The HTTP routes: /v1/openapi.json.",
    },
    defaultContentType: 'application/json',
    servers: {
      gateway: { host: '127.0.0.1:8080', protocol: 'http', description: 'the dynamic-gateway (npm start)' },
      gatewayWs: { host: '127.0.0.1:8080', protocol: 'ws', description: 'the dynamic-gateway (npm start)' },
      webhookReceiver: { host: 'app.example.org', protocol: 'https', description: "the app's webhook URL" },
      kafka: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'the broker (KAFKA_BROKERS)' },
    },
    channels,
    operations,
    components: { messages },
  };
}
