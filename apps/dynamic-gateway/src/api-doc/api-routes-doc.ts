import { CandleQuerySchema, LatestQuerySchema, TickQuerySchema } from '@mdp/contracts/history-query';
import { SseQuerySchema } from '@mdp/contracts/stream-request';
import { z } from 'zod';
import {
  CandlePageSchema,
  StreamCreatedSchema,
  StreamCreateSchema,
  TickPageSchema,
  TokenSchema,
  TopicListSchema,
  WebhookCreatedSchema,
  WebhookCreateSchema,
  WebhookListSchema,
  WebhookViewSchema,
} from './response-schemas';

/** How a route answers when it succeeds. */
export type Success = {
  status: number;
  description: string;
  /** JSON body; none for 204 and the upgrade. */
  json?: z.ZodType;
  /** Also answers `text/csv` (history pages). */
  csv?: true;
  /** A Server-Sent Events stream (its events: the AsyncAPI document). */
  sse?: true;
};

/** One route of the applications' API, as documented: the same schemas the code validates with. */
export type RouteDoc = {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path template: `{name}` for a path parameter. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'streams' | 'webhooks' | 'history' | 'auth' | 'api';
  /** Answers without an API key. */
  public?: true;
  /** Takes the key in `?api_key=` too (EventSource and WebSocket cannot set headers). */
  keyInQuery?: true;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: Success;
  /** Refusals beyond those every authenticated route can give (401, 403, 503). */
  refusals: readonly number[];
};

const webhookId = { in: 'path', name: 'id', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;
export const PATH_PARAMETERS = { id: webhookId } as const;

const historyRefusals = [400, 429, 503] as const;

/** Every route under /v1 the gateway serves (a test checks this list against the code's route table). */
export const API_ROUTE_DOCS: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/topics',
    operationId: 'listTopics',
    summary: 'The active dynamic topics, with their subscriber counts on this gateway',
    tag: 'streams',
    success: { status: 200, description: 'the topics', json: TopicListSchema },
    refusals: [],
  },
  {
    method: 'post',
    path: '/v1/streams',
    operationId: 'createStream',
    summary: 'Resolve a spec to its topic (created when nobody asked before); where to stream it',
    tag: 'streams',
    body: StreamCreateSchema,
    success: { status: 200, description: 'the active topic', json: StreamCreatedSchema },
    refusals: [400, 404, 409, 413, 415, 422, 429, 504],
  },
  {
    method: 'get',
    path: '/v1/stream/sse',
    operationId: 'streamSse',
    summary: 'One topic as Server-Sent Events; each event id is a position (Last-Event-ID resumes)',
    tag: 'streams',
    keyInQuery: true,
    query: SseQuerySchema,
    success: { status: 200, description: 'the event stream (events: see the AsyncAPI document)', sse: true },
    refusals: [400, 404, 409, 410, 422, 429, 504],
  },
  {
    method: 'get',
    path: '/v1/ws',
    operationId: 'connectWebSocket',
    summary: 'The WebSocket door: several subscriptions on one socket (frames: see the AsyncAPI document)',
    tag: 'streams',
    keyInQuery: true,
    success: { status: 101, description: 'switching protocols to WebSocket' },
    refusals: [426, 429],
  },
  {
    method: 'post',
    path: '/v1/webhooks',
    operationId: 'createWebhook',
    summary: 'Register a webhook: batches of one stream POSTed to a URL, signed with HMAC-SHA256',
    tag: 'webhooks',
    body: WebhookCreateSchema,
    success: {
      status: 201,
      description: 'the webhook (with its secret when generated)',
      json: WebhookCreatedSchema,
    },
    refusals: [400, 404, 409, 410, 413, 415, 422, 429, 504],
  },
  {
    method: 'get',
    path: '/v1/webhooks',
    operationId: 'listWebhooks',
    summary: "The app's webhooks with their delivery state",
    tag: 'webhooks',
    success: { status: 200, description: 'the webhooks', json: WebhookListSchema },
    refusals: [],
  },
  {
    method: 'get',
    path: '/v1/webhooks/{id}',
    operationId: 'getWebhook',
    summary: 'One webhook with its delivery state',
    tag: 'webhooks',
    success: { status: 200, description: 'the webhook', json: WebhookViewSchema },
    refusals: [404],
  },
  {
    method: 'delete',
    path: '/v1/webhooks/{id}',
    operationId: 'deleteWebhook',
    summary: 'Stop and remove a webhook',
    tag: 'webhooks',
    success: { status: 204, description: 'removed' },
    refusals: [404],
  },
  {
    method: 'get',
    path: '/v1/history/candles',
    operationId: 'historyCandles',
    summary: 'Stored candles of one or more pairs, by interval, a page at a time (JSON or CSV)',
    tag: 'history',
    query: CandleQuerySchema,
    success: { status: 200, description: 'a page of candles', json: CandlePageSchema, csv: true },
    refusals: historyRefusals,
  },
  {
    method: 'get',
    path: '/v1/history/ticks',
    operationId: 'historyTicks',
    summary: 'Stored ticks of one pair, a page at a time (JSON or CSV)',
    tag: 'history',
    query: TickQuerySchema,
    success: { status: 200, description: 'a page of ticks', json: TickPageSchema, csv: true },
    refusals: historyRefusals,
  },
  {
    method: 'get',
    path: '/v1/history/ticks/latest',
    operationId: 'historyLatestTicks',
    summary: 'The latest stored tick of each pair',
    tag: 'history',
    query: LatestQuerySchema,
    success: {
      status: 200,
      description: 'the latest ticks (nextCursor is null)',
      json: TickPageSchema,
      csv: true,
    },
    refusals: historyRefusals,
  },
  {
    method: 'post',
    path: '/v1/tokens',
    operationId: 'createToken',
    summary:
      "Buy a short-lived token of the caller's app with an API key, for a page that must not hold the key",
    tag: 'auth',
    success: { status: 200, description: 'the token', json: TokenSchema },
    refusals: [],
  },
  {
    method: 'get',
    path: '/v1/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This document (OpenAPI 3.1)',
    tag: 'api',
    public: true,
    success: {
      status: 200,
      description: 'the OpenAPI document',
      json: z.object({ openapi: z.string() }).loose(),
    },
    refusals: [],
  },
  {
    method: 'get',
    path: '/v1/asyncapi.json',
    operationId: 'asyncApiDocument',
    summary: 'The messages of the SSE and WebSocket streams and of the Kafka topics (AsyncAPI 3)',
    tag: 'api',
    public: true,
    success: {
      status: 200,
      description: 'the AsyncAPI document',
      json: z.object({ asyncapi: z.string() }).loose(),
    },
    refusals: [],
  },
];
