import { randomUUID } from 'node:crypto';
import { decode, encode } from '@mdp/contracts/codec';
import {
  type ControlEvent,
  ControlEventSchema,
  RequestTopicSchema,
  SubscriberHeartbeatSchema,
  TopicRecordSchema,
} from '@mdp/contracts/control';
import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { makeEnvelope } from '@mdp/contracts/envelope';
import type { TopicNames } from '@mdp/contracts/topic-names';
import type { Logger } from '@mdp/runtime/logger';
import { counter, type Registry } from '@mdp/runtime/metrics';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import { createRegistryReader } from '@mdp/runtime/registry-reader';
import { retry } from '@mdp/runtime/retry';
import type { Admin, Kafka } from 'kafkajs';
import { startPositionedConsumer, topicBounds } from './consumer';
import type { TopicCount } from './heartbeat';
import type { TopicView } from './resolver';

export const SOURCE = 'dynamic-gateway';

/** A crashed events reader: first try again after 0.5-1 s, then doubling up to 30 s apart. */
const RESTART_BACKOFF = { baseMs: 1000, maxMs: 30_000 } as const;

export type ControlPlaneDeps = {
  kafka: Kafka;
  admin: Admin;
  names: TopicNames;
  gatewayId: string;
  producer: IdempotentProducer;
  logger: Logger;
  groupIdPrefix: string;
  fetchMaxWaitMs: number;
  registryTimeoutMs: number;
  /** Where the registry reader and the events reader count the records they skip. */
  metrics: Registry;
  onEvent(event: ControlEvent): void;
  /** Every registry change (null: the topic's record was deleted). */
  onRecord(topic: string, record: TopicView | null): void;
};

function encoded<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(`refusing to send an invalid message: ${result.error.message}`);
  return result.value;
}

/**
 * The gateway's side of the control topics: it follows the registry (a table of dynamic topics),
 * reads control events from "now" on (answers to its requests, retirements), sends RequestTopic
 * and SubscriberHeartbeat.
 */
export function createControlPlane(deps: ControlPlaneDeps) {
  const logger = deps.logger.child({ component: 'control-plane' });
  const registry = createRegistryReader<TopicView>({
    kafka: deps.kafka,
    topic: deps.names.registry,
    logger,
    groupIdPrefix: `${deps.groupIdPrefix}.registry`,
    metrics: deps.metrics,
    decode: (value, message) => {
      const r = decode(TopicRecordSchema, value);
      if (!r.ok) return { ok: false, error: { code: r.error.code, message: r.error.message } };
      // Keyed by another name than its topic, a tombstone of the topic would not delete it.
      if (message.key?.toString('utf8') !== r.value.data.topic)
        return {
          ok: false,
          error: { code: 'wrong_key', message: 'registry record keyed by another name than its topic' },
        };
      return { ok: true, value: r.value.data };
    },
    onChange: (topic, value) => deps.onRecord(topic, value),
  });
  let invalidEvents = 0;
  const invalidEventsCounter = counter(deps.metrics, {
    name: 'gateway_invalid_control_events_total',
    help: 'Records of the control events topic that failed validation (skipped: the coordinator owns the topic)',
  });
  let events: Awaited<ReturnType<typeof startPositionedConsumer>> | undefined;
  let eventsRunning = false;
  const stopping = new AbortController();
  let restarting = false;

  /**
   * A crashed events reader is replaced (from "now": a waiter that missed its answer still sees the
   * registry), with the runtime's retry loop: a backoff before each try, until it runs or stop.
   */
  const restartEvents = (e: Error) => {
    eventsRunning = false;
    const old = events;
    events = undefined;
    void old?.disconnect().catch(() => {});
    if (restarting || stopping.signal.aborted) return;
    restarting = true;
    logger.error({ err: e }, 'control events reader crashed; restarting it');
    retry(startEvents, {
      backoff: RESTART_BACKOFF,
      waitFirst: true,
      signal: stopping.signal,
      onRetry: ({ error, delayMs }) => {
        if (error) logger.error({ err: error, delayMs }, 'control events reader restart failed');
      },
    })
      .catch(() => {
        // Only stop ends the loop.
      })
      .finally(() => {
        restarting = false;
      });
  };

  /**
   * Control topics get no DLQ: every gateway reads every event, and the coordinator owns them. An
   * event that makes the handler throw is logged and skipped: thrown out of eachBatch it would crash
   * the reader, and the restart from "now" would skip every event behind it too.
   */
  const deliver = (event: ControlEvent, offset: string) => {
    try {
      deps.onEvent(event);
    } catch (e) {
      logger.error({ err: e, offset, type: event.type }, 'control event handler threw; event skipped');
    }
  };

  const startEvents = async () => {
    const { high } = await topicBounds(deps.admin, deps.names.events);
    events = await startPositionedConsumer({
      kafka: deps.kafka,
      topic: deps.names.events,
      position: high,
      groupId: `${deps.groupIdPrefix}.events.${randomUUID()}`,
      fetchMaxWaitMs: deps.fetchMaxWaitMs,
      onCrash: restartEvents,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const event = decode(ControlEventSchema, message.value);
          if (event.ok) {
            deliver(event.value, message.offset);
            continue;
          }
          invalidEventsCounter.inc();
          if (++invalidEvents % 100 === 1)
            logger.warn(
              { offset: message.offset, reason: event.error.message.slice(0, 500), invalidEvents },
              'invalid control event ignored',
            );
        }
      },
    });
    eventsRunning = true;
  };

  return {
    registry,
    /** Readiness: answers to requests can arrive. */
    eventsRunning: () => eventsRunning,
    async start() {
      await registry.start();
      await registry.waitUntilCaughtUp(deps.registryTimeoutMs);
      await startEvents();
    },
    async stop() {
      stopping.abort(new Error('stopped'));
      await Promise.allSettled([registry.stop(), events?.disconnect()]);
    },
    async sendRequest(requestId: string, appId: string, spec: DynamicTopicSpec) {
      const envelope = makeEnvelope('RequestTopic', 1, SOURCE, { requestId, appId, spec });
      const value = encoded(encode(RequestTopicSchema, envelope));
      await deps.producer.send(deps.names.requests, [{ key: requestId, value, type: 'RequestTopic' }]);
    },
    async sendHeartbeat(topics: TopicCount[], intervalMs: number) {
      const envelope = makeEnvelope('SubscriberHeartbeat', 1, SOURCE, {
        gatewayId: deps.gatewayId,
        intervalMs,
        topics,
      });
      const value = encoded(encode(SubscriberHeartbeatSchema, envelope));
      await deps.producer.send(deps.names.events, [
        { key: deps.gatewayId, value, type: 'SubscriberHeartbeat' },
      ]);
    },
  };
}

export type ControlPlane = ReturnType<typeof createControlPlane>;
