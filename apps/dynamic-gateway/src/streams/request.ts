import { toFieldIssues } from '@mdp/contracts/dynamic-spec';
import { z } from 'zod';
import { SLOW_CLIENT_POLICIES, type SlowClientPolicy } from '../config';
import { badRequest } from '../http/api-error';

/** What a client asks for, over any transport: a topic or a spec, where to start, how to be treated when slow. */
export const StreamRequestSchema = z
  .object({
    topic: z.string().min(1).max(300).optional(),
    spec: z.unknown().optional(),
    from: z.string().min(1).max(20_000).optional(),
    fromTs: z.number().int().positive().max(8.64e15).optional(),
    policy: z.enum(SLOW_CLIENT_POLICIES).optional(),
  })
  .strict()
  .refine((r) => (r.topic === undefined) !== (r.spec === undefined), {
    message: 'give exactly one of topic or spec',
    path: ['topic'],
  })
  .refine((r) => r.from === undefined || r.fromTs === undefined, {
    message: 'give at most one of from and fromTs',
    path: ['from'],
  });

export type StreamRequest = {
  topic?: string;
  spec?: unknown;
  from?: string;
  fromTs?: number;
  policy?: SlowClientPolicy;
};

export function parseStreamRequest(input: unknown): StreamRequest {
  const parsed = StreamRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error);
    throw badRequest('invalid_request', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  return parsed.data as StreamRequest;
}

/**
 * The SSE form: `?topic=` or `?spec=<JSON>`, `?from=<position>` (or the Last-Event-ID header a
 * reconnecting EventSource sends), `?fromTs=<epoch ms>`, `?policy=`.
 */
export function streamRequestFromQuery(
  query: URLSearchParams,
  lastEventId: string | undefined,
): StreamRequest {
  const raw: Record<string, unknown> = {};
  // The credentials a browser's EventSource can only send in the URL.
  const allowed = new Set(['topic', 'spec', 'from', 'fromTs', 'policy', 'api_key', 'token']);
  for (const name of query.keys())
    if (!allowed.has(name))
      throw badRequest('invalid_request', `unknown query parameter ${name}`, [
        { path: name, message: 'unknown parameter' },
      ]);
  const topic = query.get('topic');
  if (topic !== null) raw.topic = topic;
  const spec = query.get('spec');
  if (spec !== null) {
    try {
      raw.spec = JSON.parse(spec);
    } catch {
      throw badRequest('invalid_spec', 'spec must be JSON', [{ path: 'spec', message: 'not valid JSON' }]);
    }
  }
  const from = lastEventId?.trim() || query.get('from');
  if (from) raw.from = from;
  const fromTs = query.get('fromTs');
  if (fromTs !== null && !lastEventId) {
    if (!/^\d{1,16}$/.test(fromTs))
      throw badRequest('invalid_request', 'fromTs must be epoch milliseconds', [
        { path: 'fromTs', message: 'must be an integer' },
      ]);
    raw.fromTs = Number(fromTs);
  }
  const policy = query.get('policy');
  if (policy !== null) raw.policy = policy;
  return parseStreamRequest(raw);
}
