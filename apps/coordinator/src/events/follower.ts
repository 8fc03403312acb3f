import { validate } from '@mdp/contracts/codec';
import { type ControlEvent, ControlEventSchema } from '@mdp/contracts/control';
import { ok } from '@mdp/contracts/result';
import { createValidatedConsumer, type ValidatedConsumer } from '@mdp/runtime/consumer';
import type { Logger } from '@mdp/runtime/logger';
import type { Registry } from '@mdp/runtime/metrics';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import type { Admin, Kafka } from 'kafkajs';
import type { CoordinatorMetrics } from '../metrics';
import type { RequestWaiters } from '../requests/waiters';
import type { SubscriberTracker } from './subscribers';

/**
 * Follows control.events.v1 from now on, in a group of its own (every coordinator, standby too, sees
 * every heartbeat): SubscriberHeartbeat feeds idle retirement; TopicActivated / TopicRequestRejected
 * answer admin API callers. Events that fail validation (any size) are counted and ignored: they are
 * not this service's input to act on, and every coordinator would dead-letter the same message.
 */
export function createEventsFollower(deps: {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  groupId: string;
  dlqTopic: string;
  producer: IdempotentProducer;
  subscribers: SubscriberTracker;
  waiters: RequestWaiters;
  metrics: CoordinatorMetrics;
  registry?: Registry;
  logger: Logger;
  now: () => number;
}): ValidatedConsumer {
  const consumer = createValidatedConsumer<ControlEvent | null>({
    kafka: deps.kafka,
    groupId: deps.groupId,
    topics: [deps.topic],
    fromBeginning: false,
    app: 'coordinator',
    dlqTopic: deps.dlqTopic,
    dlqProducer: deps.producer,
    logger: deps.logger,
    ...(deps.registry ? { metrics: deps.registry } : {}),
    consumerConfig: { maxWaitTimeInMs: 250 },
    decode: (value) => {
      let json: unknown;
      try {
        json = JSON.parse(value?.toString('utf8') ?? '');
      } catch {
        deps.metrics.invalidEvents.inc({ code: 'invalid_json' });
        return ok(null);
      }
      const event = validate(ControlEventSchema, json);
      if (!event.ok) deps.metrics.invalidEvents.inc({ code: event.error.code });
      return ok(event.ok ? event.value : null);
    },
    handleBatch: async (messages) => {
      const at = deps.now();
      for (const { value: event, offset } of messages) {
        // One event that makes a handler throw must not replay its chunk forever: logged, skipped.
        try {
          if (event?.type === 'SubscriberHeartbeat') {
            deps.subscribers.record(event.data, at);
            deps.metrics.heartbeats.inc();
          } else if (event?.type === 'TopicActivated') {
            deps.waiters.deliver(event.data.requestId, { kind: 'activated', event: event.data });
          } else if (event?.type === 'TopicRequestRejected') {
            deps.waiters.deliver(event.data.requestId, { kind: 'rejected', event: event.data });
          }
        } catch (e) {
          deps.metrics.invalidEvents.inc({ code: 'handler_threw' });
          deps.logger.error(
            { err: e, offset, type: event?.type },
            'control event handler threw; event skipped',
          );
        }
      }
      return undefined;
    },
  });
  // Every completed fetch proves the events topic can be heard (see SubscriberTracker.listening).
  consumer.consumer.on(consumer.consumer.events.FETCH, () => deps.subscribers.listening(deps.now()));
  return {
    ...consumer,
    async stop() {
      await consumer.stop();
      await deps.admin.deleteGroups([deps.groupId]).catch(() => undefined);
    },
  };
}
