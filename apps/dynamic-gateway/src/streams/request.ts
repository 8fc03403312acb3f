import { toFieldIssues } from '@mdp/contracts/dynamic-spec';
import { type SlowClientPolicy, SseQuerySchema, StreamRequestSchema } from '@mdp/contracts/stream-request';
import { badRequest } from '../http/api-error';

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
  const allowed = new Set(Object.keys(SseQuerySchema.shape));
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
    if (!SseQuerySchema.shape.fromTs.safeParse(fromTs).success)
      throw badRequest('invalid_request', 'fromTs must be epoch milliseconds', [
        { path: 'fromTs', message: 'must be an integer' },
      ]);
    raw.fromTs = Number(fromTs);
  }
  const policy = query.get('policy');
  if (policy !== null) raw.policy = policy;
  return parseStreamRequest(raw);
}
