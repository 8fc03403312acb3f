import { type FieldIssue, toFieldIssues } from '@mdp/contracts/dynamic-spec';
import { err, ok, type Result } from '@mdp/contracts/result';
import { z } from 'zod';
import { SLOW_CLIENT_POLICIES } from '../config';
import { MAX_PARTITIONS } from '../topics/position';

/** Tokens the gateway may send back (subscription ids, ping data): short and of safe characters only. */
const token = /^[A-Za-z0-9._:-]{1,64}$/;
const subscriptionId = z.string().regex(token, 'id must be 1-64 of [A-Za-z0-9._:-]');

/** Deepest nesting a frame needs is 3 (`{spec: {symbols: [...]}}`); deeper frames are refused unparsed. */
export const MAX_FRAME_DEPTH = 8;

/**
 * Frames a client sends (JSON text frames). Everything that can come back in a frame (ids, topic,
 * ping data) is a bounded token; nothing a client sends is echoed as parsed JSON.
 */
export const ClientFrameSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('subscribe'),
      id: subscriptionId,
      topic: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,249}$/, 'topic must be a topic name (1-249 of [A-Za-z0-9._-])')
        .optional(),
      spec: z.unknown().optional(),
      from: z
        .string()
        .max(MAX_PARTITIONS * 17)
        .regex(/^[0-9.]+$/, 'from must be a position (offsets joined by ".")')
        .optional(),
      fromTs: z.number().int().positive().max(8.64e15).optional(),
      policy: z.enum(SLOW_CLIENT_POLICIES).optional(),
      /** Start with a snapshot from the database (history/stream-snapshot.ts). */
      snapshot: z.number().int().min(1).max(1440).optional(),
    })
    .strict(),
  z.object({ type: z.literal('unsubscribe'), id: subscriptionId }).strict(),
  z
    .object({
      type: z.literal('ping'),
      data: z.string().regex(token, 'data must be 1-64 of [A-Za-z0-9._:-]').optional(),
    })
    .strict(),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export type FrameProblem = { code: 'invalid_json' | 'invalid_frame'; message: string; issues: FieldIssue[] };

/** Nesting depth of JSON text, strings skipped; stops counting once past `limit` (linear, no parse). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

export function parseClientFrame(text: string): Result<ClientFrame, FrameProblem> {
  if (jsonDepthExceeds(text, MAX_FRAME_DEPTH))
    return err({ code: 'invalid_frame', message: `frame nests deeper than ${MAX_FRAME_DEPTH}`, issues: [] });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err({ code: 'invalid_json', message: 'frame is not valid JSON', issues: [] });
  }
  const parsed = ClientFrameSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issues = toFieldIssues(parsed.error);
  return err({
    code: 'invalid_frame',
    message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    issues,
  });
}

/** WebSocket close codes the gateway uses (RFC 6455 §7.4.1). */
export const CloseCodes = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
} as const;
