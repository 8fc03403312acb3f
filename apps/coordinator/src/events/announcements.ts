import { encode } from '@mdp/contracts/codec';
import {
  TopicActivatedSchema,
  TopicRequestRejectedSchema,
  TopicRetiredSchema,
  TopicRetiringSchema,
} from '@mdp/contracts/control';
import { makeEnvelope } from '@mdp/contracts/envelope';
import type { OutgoingMessage } from '@mdp/runtime/outgoing-message';
import type { z } from 'zod';
import { SOURCE } from '../registry/view';
import type { RecordData, Rejection, RetireReason } from '../tasks';

/** Messages of control.events.v1, validated before they leave (a bug here throws, it never sends garbage). */
function message<S extends z.ZodType>(schema: S, key: string, type: string, data: unknown): OutgoingMessage {
  const encoded = encode(schema, makeEnvelope(type, 1, SOURCE, data) as z.input<S>);
  if (!encoded.ok) throw new Error(`invalid ${type}: ${encoded.error.message}`);
  return { key, value: encoded.value, type };
}

export const announce = {
  /** NOTIFY_CONSUMER (and a requester's answer): the topic is ready. Keyed by topic. */
  activated: (record: RecordData, requestId: string | null) =>
    message(TopicActivatedSchema, record.topic, 'TopicActivated', {
      requestId,
      topic: record.topic,
      spec: record.spec,
      partitions: record.partitions,
    }),
  /** Keyed by request id: the requester waits for it. */
  rejected: (requestId: string, appId: string | null, rejection: Rejection) =>
    message(TopicRequestRejectedSchema, requestId, 'TopicRequestRejected', {
      requestId,
      appId,
      reason: {
        code: rejection.code,
        message: rejection.message.slice(0, 2000),
        issues: rejection.issues.slice(0, 50).map((i) => ({ path: i.path, message: i.message })),
      },
    }),
  retiring: (topic: string, reason: RetireReason, deleteAfter: number) =>
    message(TopicRetiringSchema, topic, 'TopicRetiring', {
      topic,
      reason,
      deleteAfter: new Date(deleteAfter).toISOString(),
    }),
  retired: (topic: string) => message(TopicRetiredSchema, topic, 'TopicRetired', { topic }),
};
