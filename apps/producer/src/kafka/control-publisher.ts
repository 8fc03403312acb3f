import { randomUUID } from 'node:crypto';
import { encode } from '@mdp/contracts/codec';
import { PublishStartedSchema, PublishStoppedSchema, RequestTopicSchema } from '@mdp/contracts/control';
import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import type { TopicNames } from '@mdp/contracts/topic-names';
import type { IdempotentProducer } from '@mdp/runtime/producer';

/** The producer's control-plane messages: topic requests and publish started/stopped announcements. */
export function createControlPublisher(opts: {
  producer: IdempotentProducer;
  topics: TopicNames;
  source: string;
  producerId: string;
}) {
  const send = async (topic: string, key: string, type: string, value: ReturnType<typeof encode>) => {
    if (!value.ok) throw new Error(`invalid ${type}: ${value.error.message}`);
    await opts.producer.send(topic, [{ key, value: value.value, type }]);
  };
  return {
    /** Asks the coordinator for a spec's topic; resolves once the request is on control.requests.v1. */
    async requestTopic(spec: DynamicTopicSpec): Promise<string> {
      const requestId = `${opts.producerId}-${randomUUID()}`;
      const envelope = makeEnvelope('RequestTopic', 1, opts.source, {
        requestId,
        appId: opts.producerId,
        spec,
      });
      await send(opts.topics.requests, requestId, 'RequestTopic', encode(RequestTopicSchema, envelope));
      return requestId;
    },
    async publishStarted(topic: string): Promise<void> {
      const envelope = makeEnvelope('PublishStarted', 1, opts.source, { topic, producerId: opts.producerId });
      await send(opts.topics.events, topic, 'PublishStarted', encode(PublishStartedSchema, envelope));
    },
    async publishStopped(topic: string, reason: string): Promise<void> {
      const data = { topic, producerId: opts.producerId, reason: reason.slice(0, 200) };
      const envelope = makeEnvelope('PublishStopped', 1, opts.source, data);
      await send(opts.topics.events, topic, 'PublishStopped', encode(PublishStoppedSchema, envelope));
    },
  };
}

export type ControlPublisher = ReturnType<typeof createControlPublisher>;
