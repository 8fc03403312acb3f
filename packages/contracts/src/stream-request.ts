import { z } from 'zod';

/** How the gateway treats a client that reads too slowly. */
export const SLOW_CLIENT_POLICIES = ['drop-oldest', 'latest-per-pair', 'disconnect'] as const;
export type SlowClientPolicy = (typeof SLOW_CLIENT_POLICIES)[number];

/** The fields of a stream request (JSON body, WebSocket frame, webhook): shared by the schemas below. */
export const streamRequestFields = {
  topic: z.string().min(1).max(300).optional().describe('a dynamic topic name (give topic or spec)'),
  spec: z.unknown().optional().describe('a DynamicTopicSpec: the stream asked for (give topic or spec)'),
  from: z
    .string()
    .min(1)
    .max(20_000)
    .optional()
    .describe('a position (offsets joined by "."): resume right after it'),
  fromTs: z
    .number()
    .int()
    .positive()
    .max(8.64e15)
    .optional()
    .describe('epoch milliseconds: start at the first message at or after it'),
  policy: z.enum(SLOW_CLIENT_POLICIES).optional().describe('what happens when the client reads too slowly'),
};

/** What a client asks for, over any transport: a topic or a spec, where to start, how to be treated when slow. */
export const StreamRequestSchema = z
  .object(streamRequestFields)
  .strict()
  .refine((r) => (r.topic === undefined) !== (r.spec === undefined), {
    message: 'give exactly one of topic or spec',
    path: ['topic'],
  })
  .refine((r) => r.from === undefined || r.fromTs === undefined, {
    message: 'give at most one of from and fromTs',
    path: ['from'],
  });

/** Candles (or ticks) a snapshot-then-live stream starts with, per pair. */
export const MAX_SNAPSHOT_CANDLES = 1440;

/**
 * `GET /v1/stream/sse`'s query, as text: the same request as the JSON form, with `spec` as JSON text,
 * `fromTs` as digits, `snapshot=N` for a snapshot-then-live stream, and `api_key` or `token` for an
 * EventSource (which cannot set headers). A reconnecting EventSource's `Last-Event-ID` header stands for `from`.
 */
export const SseQuerySchema = z
  .object({
    topic: z.string().optional().describe('a dynamic topic name (give topic or spec)'),
    spec: z.string().optional().describe('a DynamicTopicSpec as JSON text (give topic or spec)'),
    from: z.string().optional().describe('a position: resume right after it (Last-Event-ID wins)'),
    fromTs: z
      .string()
      .regex(/^\d{1,16}$/, 'fromTs must be epoch milliseconds')
      .optional()
      .describe('epoch milliseconds: start at the first message at or after it'),
    policy: z.enum(SLOW_CLIENT_POLICIES).optional().describe('what happens when the client reads too slowly'),
    snapshot: z
      .string()
      .regex(/^\d{1,4}$/)
      .refine((s) => Number(s) >= 1 && Number(s) <= MAX_SNAPSHOT_CANDLES)
      .optional()
      .describe(`start with the last N (1-${MAX_SNAPSHOT_CANDLES}) closed candles per pair, then live`),
    api_key: z.string().optional().describe('the API key, for browsers (prefer the Authorization header)'),
    token: z.string().optional().describe('a short-lived token from POST /v1/tokens, for browser pages'),
  })
  .strict();

export type SseQuery = z.infer<typeof SseQuerySchema>;
