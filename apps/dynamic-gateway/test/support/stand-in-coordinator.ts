import { decode, encode } from '@mdp/contracts/codec';
import {
  RequestTopicSchema,
  TopicActivatedSchema,
  TopicRecordSchema,
  TopicRequestRejectedSchema,
} from '@mdp/contracts/control';
import { normalizeSpec } from '@mdp/contracts/dynamic-spec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { dynamicTopicName, topicNames } from '@mdp/contracts/topic-names';
import { ensureTopics } from '@mdp/runtime/topics';
import type { Admin, Kafka, Producer } from 'kafkajs';

/**
 * What the coordinator does for a RequestTopic, minimally, for tests that must not depend on it:
 * validate (a spec with the symbol `NOPE` is refused with `kind_not_allowed`), create the topic,
 * write the registry record, announce TopicActivated.
 */
export async function startStandInCoordinator(
  kafka: Kafka,
  admin: Admin,
  producer: Producer,
  namespace: string,
) {
  const names = topicNames(namespace);
  await ensureTopics(admin, [
    { topic: names.requests, partitions: 1 },
    { topic: names.registry, partitions: 1, compacted: true },
    { topic: names.events, partitions: 1 },
  ]);
  const consumer = kafka.consumer({ groupId: `${namespace}.stand-in-coordinator`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [names.requests], fromBeginning: true });
  const send = async (topic: string, key: string, value: Buffer | { ok: boolean }) => {
    const v = value as { ok: true; value: Buffer };
    if (!v.ok) throw new Error('invalid stand-in message');
    await producer.send({ topic, messages: [{ key, value: v.value }], acks: -1 });
  };
  await consumer.run({
    eachMessage: async ({ message }) => {
      const request = decode(RequestTopicSchema, message.value);
      if (!request.ok) return;
      const { requestId, appId } = request.value.data;
      const spec = normalizeSpec(request.value.data.spec);
      if (!spec.ok || spec.value.symbols.includes('NOPE')) {
        const reason = spec.ok
          ? {
              code: 'kind_not_allowed' as const,
              message: 'NOPE is not allowed here',
              issues: [{ path: 'symbols', message: 'NOPE' }],
            }
          : spec.error;
        const rejected = makeEnvelope('TopicRequestRejected', 1, 'coordinator', { requestId, appId, reason });
        return send(names.events, requestId, encode(TopicRequestRejectedSchema, rejected));
      }
      const topic = dynamicTopicName(spec.value, namespace);
      await ensureTopics(admin, [{ topic, partitions: 3, retentionMs: 3_600_000 }]);
      const now = new Date().toISOString();
      const record = makeEnvelope('TopicRecord', 1, 'coordinator', {
        topic,
        spec: spec.value,
        status: 'active' as const,
        partitions: 3,
        retentionMs: 3_600_000,
        createdAt: now,
        updatedAt: now,
        requestedBy: [appId],
        lastRequestId: requestId,
        reason: null,
      });
      await send(names.registry, topic, encode(TopicRecordSchema, record));
      const activated = makeEnvelope('TopicActivated', 1, 'coordinator', {
        requestId,
        topic,
        spec: spec.value,
        partitions: 3,
      });
      await send(names.events, topic, encode(TopicActivatedSchema, activated));
    },
  });
  return { stop: () => consumer.disconnect() };
}
