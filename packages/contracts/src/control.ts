import { z } from 'zod';
import { DynamicTopicSpecSchema } from './dynamic-spec';
import { envelopeSchema } from './envelope';

const id = z.string().min(1).max(128);
const appId = z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'appId must be 1-64 of [a-zA-Z0-9._-]');
const topic = z.string().regex(/^[a-z0-9._-]{1,200}$/, 'not a platform topic name');
const isoTime = z.iso.datetime({ offset: true });

// ---- Commands on control.requests.v1 (key: request id) ----

/**
 * Ask for the dynamic topic of a spec. `spec` is carried as sent: the coordinator validates it, so a bad
 * spec becomes a rejection the requester can wait for instead of a message nobody answers.
 */
export const RequestTopicSchema = envelopeSchema(
  'RequestTopic',
  1,
  z.object({ requestId: id, appId, spec: z.unknown() }),
);
export const RetireTopicSchema = envelopeSchema(
  'RetireTopic',
  1,
  z.object({ requestId: id, appId, topic, reason: z.string().max(200) }),
);
export const ControlRequestSchema = z.discriminatedUnion('type', [RequestTopicSchema, RetireTopicSchema]);
export type RequestTopic = z.infer<typeof RequestTopicSchema>;
export type RetireTopic = z.infer<typeof RetireTopicSchema>;
export type ControlRequest = z.infer<typeof ControlRequestSchema>;

// ---- The registry, control.topics.v1 (compacted, key: topic name, null value = gone) ----

export const TopicStatusSchema = z.enum(['creating', 'active', 'retiring', 'failed']);
export type TopicStatus = z.infer<typeof TopicStatusSchema>;

export const TopicRecordSchema = envelopeSchema(
  'TopicRecord',
  1,
  z.object({
    topic,
    spec: DynamicTopicSpecSchema,
    status: TopicStatusSchema,
    partitions: z.number().int().min(1).max(1000),
    retentionMs: z.number().int().min(60_000),
    createdAt: isoTime,
    updatedAt: isoTime,
    requestedBy: z.array(appId).max(1000),
    lastRequestId: id.nullable(),
    /** Why a topic is failed or retiring. */
    reason: z.string().max(500).nullable(),
  }),
);
export type TopicRecord = z.infer<typeof TopicRecordSchema>;

// ---- Lifecycle events, heartbeats and acks on control.events.v1 (key: topic name or request id) ----

export const REJECTION_CODES = [
  'invalid_request',
  'invalid_spec',
  'kind_not_allowed',
  'quota_total',
  'quota_app',
  'unknown_topic',
  'topic_failed',
] as const;
export const RejectionCodeSchema = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof RejectionCodeSchema>;

export const TopicActivatedSchema = envelopeSchema(
  'TopicActivated',
  1,
  z.object({
    requestId: id.nullable(),
    topic,
    spec: DynamicTopicSpecSchema,
    partitions: z.number().int().min(1),
  }),
);
export const TopicRequestRejectedSchema = envelopeSchema(
  'TopicRequestRejected',
  1,
  z.object({
    requestId: id,
    appId: appId.nullable(),
    reason: z.object({
      code: RejectionCodeSchema,
      message: z.string().max(2000),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).max(50),
    }),
  }),
);
export const TopicRetiringSchema = envelopeSchema(
  'TopicRetiring',
  1,
  z.object({ topic, reason: z.enum(['idle', 'admin', 'reconcile']), deleteAfter: isoTime }),
);
export const TopicRetiredSchema = envelopeSchema('TopicRetired', 1, z.object({ topic }));
export const SubscriberHeartbeatSchema = envelopeSchema(
  'SubscriberHeartbeat',
  1,
  z.object({
    gatewayId: id,
    intervalMs: z.number().int().positive(),
    topics: z.array(z.object({ topic, subscribers: z.number().int().nonnegative() })).max(10_000),
  }),
);
export const PublishStartedSchema = envelopeSchema('PublishStarted', 1, z.object({ topic, producerId: id }));
export const PublishStoppedSchema = envelopeSchema(
  'PublishStopped',
  1,
  z.object({ topic, producerId: id, reason: z.string().max(200) }),
);

export const ControlEventSchema = z.discriminatedUnion('type', [
  TopicActivatedSchema,
  TopicRequestRejectedSchema,
  TopicRetiringSchema,
  TopicRetiredSchema,
  SubscriberHeartbeatSchema,
  PublishStartedSchema,
  PublishStoppedSchema,
]);
export type TopicActivated = z.infer<typeof TopicActivatedSchema>;
export type TopicRequestRejected = z.infer<typeof TopicRequestRejectedSchema>;
export type TopicRetiring = z.infer<typeof TopicRetiringSchema>;
export type TopicRetired = z.infer<typeof TopicRetiredSchema>;
export type SubscriberHeartbeat = z.infer<typeof SubscriberHeartbeatSchema>;
export type PublishStarted = z.infer<typeof PublishStartedSchema>;
export type PublishStopped = z.infer<typeof PublishStoppedSchema>;
export type ControlEvent = z.infer<typeof ControlEventSchema>;
