import { DynamicTopicSpecSchema } from '@mdp/contracts/dynamic-spec';
import { CandleMessageSchema, PriceTickMessageSchema } from '@mdp/contracts/market-data';
import { z } from 'zod';
import { ErrorBodySchema } from './response-schemas';

/**
 * What the gateway sends on its streams (SSE events, WebSocket frames, webhook batches), as zod
 * schemas for the AsyncAPI document; the integration tests parse real frames with them. The code
 * writes these by concatenation (streams/wire-format.ts) to forward messages without re-serializing.
 */

const position = z.string().describe('offsets per partition joined by "."; resume right after it');

/** A message of a dynamic topic, forwarded as the producer wrote it. */
export const StreamMessageSchema = z.discriminatedUnion('type', [
  PriceTickMessageSchema,
  CandleMessageSchema,
]);

export const GapSchema = z.object({
  from: position,
  to: position,
  dropped: z.number().int().describe('messages lost to the slow-client policy'),
  conflated: z.number().int().describe('messages replaced by a later one of the same pair'),
});

export const ReadySchema = z.object({ topic: z.string(), spec: DynamicTopicSpecSchema, position });

export const SnapshotSchema = z.object({
  seam: z.number().int().describe('epoch ms: the snapshot holds data before it, the live part the rest'),
  kind: z.enum(['ticks', 'candles.1m']),
  data: z
    .array(z.record(z.string(), z.unknown()))
    .describe('candles or ticks, as the history API gives them'),
});

export const SseErrorSchema = ErrorBodySchema.shape.error;

export const WsServerFrames = {
  welcome: z.object({ type: z.literal('welcome'), appId: z.string() }),
  subscribed: z.object({
    type: z.literal('subscribed'),
    id: z.string(),
    topic: z.string(),
    spec: DynamicTopicSpecSchema,
    position,
  }),
  snapshot: SnapshotSchema.extend({ type: z.literal('snapshot'), id: z.string() }),
  data: z.object({
    type: z.literal('data'),
    id: z.string(),
    topic: z.string(),
    position,
    messages: z.array(StreamMessageSchema),
  }),
  gap: GapSchema.extend({ type: z.literal('gap'), id: z.string(), topic: z.string() }),
  unsubscribed: z.object({ type: z.literal('unsubscribed'), id: z.string(), reason: z.string() }),
  pong: z.object({ type: z.literal('pong'), data: z.string().optional() }),
  error: SseErrorSchema.extend({
    type: z.literal('error'),
    id: z.string().optional().describe('the subscription refused, when one is'),
    status: z.number().int().describe('the HTTP status of the same refusal'),
  }),
} as const;

export const WebhookBatchSchema = z.object({
  webhookId: z.string(),
  topic: z.string(),
  sequence: z.number().int(),
  position,
  gap: GapSchema.optional(),
  undelivered: z
    .object({ sequence: z.number().int(), from: position, to: position, messages: z.number().int() })
    .optional()
    .describe('a batch given up after its retries'),
  messages: z.array(StreamMessageSchema),
});
