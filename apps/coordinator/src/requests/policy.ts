import { decode } from '@mdp/contracts/codec';
import { type ControlRequest, ControlRequestSchema } from '@mdp/contracts/control';
import { type DynamicTopicSpec, normalizeSpec } from '@mdp/contracts/dynamic-spec';
import { err, ok, type Result } from '@mdp/contracts/result';
import { dynamicTopicName, isDynamicTopic } from '@mdp/contracts/topic-names';
import type { RejectReason } from '@mdp/runtime/dlq';
import type { RecordData, Rejection, RetireReason } from '../tasks';
import { checkSpecPolicy, checkTopicQuota, type Quotas } from './quotas';

/** A request message after parsing: valid, or invalid but answerable (it has a usable request id). */
export type ParsedRequest =
  | { kind: 'valid'; request: ControlRequest }
  | { kind: 'invalid'; requestId: string; appId: string | null; rejection: Rejection };

export type RegistryLookup = {
  get(topic: string): RecordData | undefined;
  values(): Iterable<RecordData>;
};

/** What to do with one request. Decided against the registry view as it is when the request's turn comes. */
export type Decision =
  | { kind: 'reject'; requestId: string; appId: string | null; rejection: Rejection }
  | {
      kind: 'ignore';
      requestId: string;
      type: ControlRequest['type'];
      reason: 'duplicate' | 'already_retiring' | 'stale';
    }
  | { kind: 'existing'; requestId: string; appId: string; topic: string; requestedAt: number }
  | {
      kind: 'create';
      requestId: string;
      appId: string;
      topic: string;
      spec: DynamicTopicSpec;
      requestedAt: number;
    }
  | { kind: 'retire'; requestId: string; appId: string; topic: string; reason: RetireReason };

export type PolicyContext = {
  namespace: string;
  quotas: Quotas;
  registry: RegistryLookup;
  /** When the consumer got the request (epoch ms). */
  now: number;
  /** Requests older than this (by their envelope time) are ignored. */
  maxAgeMs: number;
  /** Request ids already answered (a replay or a duplicate is ignored, with a count). */
  answered: (requestId: string) => boolean;
};

/** A client's clock is not trusted: the request time is its envelope time, within the last hour. */
const MAX_QUEUE_AGE_MS = 3_600_000;

/**
 * Parses a request message. What cannot be answered (no usable request id) is an error with the
 * reason: the consumer puts it on the dead-letter topic.
 */
export function parseRequest(value: Buffer | null): Result<ParsedRequest, RejectReason> {
  const decoded = decode(ControlRequestSchema, value);
  if (decoded.ok) return ok({ kind: 'valid', request: decoded.value });
  const { code, message, issues } = decoded.error;
  const data = dataOf(value);
  const requestId = data?.requestId;
  if (typeof requestId === 'string' && REQUEST_ID.test(requestId)) {
    const appId = typeof data?.appId === 'string' && APP_ID.test(data.appId) ? data.appId : null;
    const rejection: Rejection = { code: 'invalid_request', message: message.slice(0, 2000), issues };
    return ok({ kind: 'invalid', requestId, appId, rejection });
  }
  return err({ code, message: message.slice(0, 1000) });
}

export function decideRequest(parsed: ParsedRequest, ctx: PolicyContext): Decision {
  if (parsed.kind === 'invalid') {
    if (ctx.answered(parsed.requestId))
      return { kind: 'ignore', requestId: parsed.requestId, type: 'RequestTopic', reason: 'duplicate' };
    return { kind: 'reject', requestId: parsed.requestId, appId: parsed.appId, rejection: parsed.rejection };
  }
  const { request } = parsed;
  const { requestId, appId } = request.data;
  if (ctx.answered(requestId)) return { kind: 'ignore', requestId, type: request.type, reason: 'duplicate' };
  // Its requester gave up long ago (e.g. replayed after a long outage): acting now would only surprise.
  if (ctx.now - Date.parse(request.at) > ctx.maxAgeMs)
    return { kind: 'ignore', requestId, type: request.type, reason: 'stale' };

  if (request.type === 'RetireTopic') {
    const { topic } = request.data;
    const record = isDynamicTopic(topic, ctx.namespace) ? ctx.registry.get(topic) : undefined;
    if (!record) {
      const rejection: Rejection = {
        code: 'unknown_topic',
        message: `no dynamic topic ${topic}`,
        issues: [],
      };
      return { kind: 'reject', requestId, appId, rejection };
    }
    if (record.status === 'retiring')
      return { kind: 'ignore', requestId, type: request.type, reason: 'already_retiring' };
    return { kind: 'retire', requestId, appId, topic, reason: 'admin' };
  }

  const normalized = normalizeSpec(request.data.spec);
  if (!normalized.ok) return { kind: 'reject', requestId, appId, rejection: normalized.error };
  const spec = normalized.value;
  const policy = checkSpecPolicy(spec, ctx.quotas);
  if (policy) return { kind: 'reject', requestId, appId, rejection: policy };

  const topic = dynamicTopicName(spec, ctx.namespace);
  const requestedAt = clampRequestTime(Date.parse(request.at), ctx.now);
  const record = ctx.registry.get(topic);
  if (record?.status === 'active') return { kind: 'existing', requestId, appId, topic, requestedAt };
  // creating/retiring records still hold their topic: finishing or reviving it makes no new topic.
  if (!record || record.status === 'failed') {
    const quota = checkTopicQuota(ctx.registry.values(), appId, topic, ctx.quotas);
    if (quota) return { kind: 'reject', requestId, appId, rejection: quota };
  }
  return { kind: 'create', requestId, appId, topic, spec, requestedAt };
}

export function clampRequestTime(at: number, receivedAt: number): number {
  if (!Number.isFinite(at) || at > receivedAt) return receivedAt;
  return Math.max(at, receivedAt - MAX_QUEUE_AGE_MS);
}

const REQUEST_ID = /^.{1,128}$/s;
const APP_ID = /^[a-zA-Z0-9._-]{1,64}$/;

function dataOf(value: Buffer | null): Record<string, unknown> | undefined {
  if (!value || value.length > 1_048_576) return undefined;
  try {
    const json: unknown = JSON.parse(value.toString('utf8'));
    if (!json || typeof json !== 'object') return undefined;
    const data = (json as { data?: unknown }).data;
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
