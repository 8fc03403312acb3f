import { TopicStatusSchema } from '@mdp/contracts/control';
import { DynamicTopicSpecSchema } from '@mdp/contracts/dynamic-spec';
import { streamRequestFields } from '@mdp/contracts/stream-request';
import { z } from 'zod';
import { WebhookBodySchema } from '../webhooks/registry';

/**
 * What the gateway answers, as zod schemas: the API document is generated from them, and the
 * integration tests parse real answers with them, so the document cannot drift from the code.
 */

/** The one error body of every refusal (`issues` for field errors, more fields by code). */
export const ErrorBodySchema = z.object({
  error: z
    .object({
      code: z.string().describe('stable, machine-readable: invalid_request, not_found, ...'),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .loose(),
});

export const TopicListSchema = z.object({
  topics: z.array(
    z.object({
      topic: z.string(),
      spec: DynamicTopicSpecSchema,
      status: TopicStatusSchema,
      partitions: z.number().int(),
      retentionMs: z.number().int(),
      createdAt: z.string(),
      subscribers: z.number().int().describe('SSE, WebSocket and webhook subscriptions on this gateway'),
    }),
  ),
});

export const StreamCreatedSchema = z.object({
  topic: z.string(),
  spec: DynamicTopicSpecSchema,
  status: z.literal('active'),
  sse: z.string().describe('the path of the SSE stream of this topic'),
  ws: z.object({
    url: z.string(),
    subscribe: z.object({ type: z.literal('subscribe'), id: z.string(), topic: z.string() }),
  }),
});

/**
 * The spec as the document shows it: the request schemas take any JSON there and the gateway then
 * validates it with DynamicTopicSpecSchema (to answer `invalid_spec` rather than `invalid_request`).
 */
export const specField = {
  spec: DynamicTopicSpecSchema.optional().describe('the stream asked for (give topic or spec)'),
};

/** POST /v1/streams's body. */
export const StreamCreateSchema = z.object({ ...streamRequestFields, ...specField }).strict();

/** POST /v1/webhooks's body: where to POST, the secret to sign with, and the stream request. */
export const WebhookCreateSchema = WebhookBodySchema.extend({
  ...streamRequestFields,
  ...specField,
}).strict();

export const WebhookViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  topic: z.string(),
  createdAt: z.string(),
  state: z.enum(['active', 'retrying', 'disabled']),
  deliveredBatches: z.number().int(),
  deliveredMessages: z.number().int(),
  failedBatches: z.number().int(),
  consecutiveFailures: z.number().int(),
  lastError: z.string().nullable().describe('a coarse reason: timeout, http_status_5xx, ...'),
  lastSuccessAt: z.string().nullable(),
  lastFailureAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  position: z.string(),
  pending: z.number().int(),
});

export const WebhookCreatedSchema = WebhookViewSchema.extend({
  secret: z.string().optional().describe('the generated signing secret, when none was given'),
});

export const WebhookListSchema = z.object({ webhooks: z.array(WebhookViewSchema) });

const nullableNumber = z.number().nullable();

export const CandleRowSchema = z.object({
  market: z.string(),
  base: z.string(),
  quote: z.string(),
  start: z.number().int().describe('epoch ms of the interval start'),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volumeFrom: z.number(),
  volumeTo: z.number(),
  trades: nullableNumber,
});

export const TickRowSchema = z.object({
  market: z.string(),
  base: z.string(),
  quote: z.string(),
  ts: z.number().int().describe('epoch ms'),
  tradeId: z.string(),
  price: z.number(),
  lastVolume: nullableNumber,
  lastVolumeTo: nullableNumber,
  volumeDay: nullableNumber,
  volumeDayTo: nullableNumber,
  volume24h: nullableNumber,
  volume24hTo: nullableNumber,
  openDay: nullableNumber,
  highDay: nullableNumber,
  lowDay: nullableNumber,
  open24h: nullableNumber,
  high24h: nullableNumber,
  low24h: nullableNumber,
  bid: nullableNumber,
  ask: nullableNumber,
  median: nullableNumber,
  flags: nullableNumber,
  origin: z.string(),
});

const pageOf = <T extends z.ZodType>(row: T) =>
  z.object({
    data: z.array(row),
    nextCursor: z.string().nullable().describe('pass as cursor for the next page; null at the end'),
  });

export const CandlePageSchema = pageOf(CandleRowSchema);
export const TickPageSchema = pageOf(TickRowSchema);

/** POST /v1/tokens's answer: accepted as a Bearer credential, and as `?token=` by the SSE and WebSocket doors. */
export const TokenSchema = z.object({
  token: z.string(),
  expiresAt: z.string().describe('ISO 8601; ask for a new token before then'),
});
