import type { TopicRecord } from '@mdp/contracts/control';
import { type DynamicTopicSpec, normalizeSpec } from '@mdp/contracts/dynamic-spec';
import { dynamicTopicName, isDynamicTopic } from '@mdp/contracts/topic-names';
import { ApiError } from '../http/api-error';
import type { TopicRequester } from './requests';

export type TopicView = TopicRecord['data'];
export type ResolvedTopic = { topic: string; spec: DynamicTopicSpec; retentionMs: number | null };

export type TopicResolverDeps = {
  namespace: string;
  registry: { get(topic: string): TopicView | undefined };
  requester: TopicRequester;
  /** Counts a request waiting for a topic's creation against its app's limit (throws 429 beyond it). */
  reservePending(appId: string): () => void;
};

/** Turns a client's topic name or spec into an active topic, asking the coordinator when needed. */
export function createTopicResolver(deps: TopicResolverDeps) {
  const byName = (topic: string): ResolvedTopic => {
    const record = isDynamicTopic(topic, deps.namespace) ? deps.registry.get(topic) : undefined;
    if (!record)
      throw new ApiError(
        404,
        'unknown_topic',
        `no dynamic topic named ${JSON.stringify(topic.slice(0, 200))}`,
      );
    if (record.status !== 'active')
      throw new ApiError(
        409,
        'topic_not_active',
        `topic ${topic} is ${record.status}${record.reason ? `: ${record.reason}` : ''}`,
        [],
        {
          status: record.status,
        },
      );
    return { topic, spec: record.spec, retentionMs: record.retentionMs };
  };

  const bySpec = async (input: unknown, appId: string): Promise<ResolvedTopic> => {
    const normalized = normalizeSpec(input);
    if (!normalized.ok)
      throw new ApiError(400, 'invalid_spec', normalized.error.message, normalized.error.issues);
    const spec = normalized.value;
    const topic = dynamicTopicName(spec, deps.namespace);
    const record = deps.registry.get(topic);
    if (record?.status !== 'active') {
      const release = deps.reservePending(appId);
      try {
        await deps.requester.request(topic, spec, appId);
      } finally {
        release();
      }
    }
    return { topic, spec, retentionMs: deps.registry.get(topic)?.retentionMs ?? null };
  };

  /** The topic a request names or its spec maps to, without asking anyone (undefined: invalid spec). */
  const topicOf = (req: { topic?: string; spec?: unknown }): string | undefined => {
    if (req.topic !== undefined) return req.topic;
    const normalized = normalizeSpec(req.spec);
    return normalized.ok ? dynamicTopicName(normalized.value, deps.namespace) : undefined;
  };

  return {
    byName,
    bySpec,
    topicOf,
    resolve: (req: { topic?: string; spec?: unknown }, appId: string): Promise<ResolvedTopic> =>
      req.topic !== undefined
        ? Promise.resolve().then(() => byName(req.topic as string))
        : bySpec(req.spec, appId),
  };
}

export type TopicResolver = ReturnType<typeof createTopicResolver>;
