import { type FieldIssue, toFieldIssues } from '@mdp/contracts/dynamic-spec';
import { err, ok, type Result } from '@mdp/contracts/result';
import { z } from 'zod';
import { SLOW_CLIENT_POLICIES } from './config';

const subscriptionId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'id must be 1-64 of [A-Za-z0-9._:-]');

/** Frames a client sends (JSON text frames). */
export const ClientFrameSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('subscribe'),
      id: subscriptionId,
      topic: z.string().min(1).max(300).optional(),
      spec: z.unknown().optional(),
      from: z.string().min(1).max(20_000).optional(),
      fromTs: z.number().int().positive().max(8.64e15).optional(),
      policy: z.enum(SLOW_CLIENT_POLICIES).optional(),
      /** Start with a snapshot from the database (history/stream-snapshot.ts). */
      snapshot: z.number().int().min(1).max(1440).optional(),
    })
    .strict(),
  z.object({ type: z.literal('unsubscribe'), id: subscriptionId }).strict(),
  z.object({ type: z.literal('ping'), data: z.unknown().optional() }).strict(),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export type FrameProblem = { code: 'invalid_json' | 'invalid_frame'; message: string; issues: FieldIssue[] };

export function parseClientFrame(text: string): Result<ClientFrame, FrameProblem> {
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
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
} as const;
