import { createValidatedConsumer, type ValidatedConsumer } from '@mdp/runtime/consumer';
import type { Logger } from '@mdp/runtime/logger';
import type { Registry } from '@mdp/runtime/metrics';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import type { Kafka } from 'kafkajs';
import type { CoordinatorConfig } from '../config';
import type { MachineDriver } from '../machine-driver';
import type { createRequestHandler } from './handler';
import { type ParsedRequest, parseRequest } from './policy';
import { stickyAssigner } from './sticky-assigner';

/** Chunks are committed one by one: a crash replays at most this many (idempotent) requests. */
const CHUNK = 50;

/**
 * The request topic's consumer group: the member assigned its one partition is the active
 * coordinator. Assignment changes reach the machine as PARTITION_ASSIGNED / PARTITION_REVOKED.
 * Undecodable requests (no usable request id) go to the DLQ with the reason.
 */
export function createRequestConsumer(deps: {
  kafka: Kafka;
  config: CoordinatorConfig;
  topic: string;
  dlqTopic: string;
  producer: IdempotentProducer;
  driver: MachineDriver;
  handleBatch: ReturnType<typeof createRequestHandler>;
  registry?: Registry;
  logger: Logger;
  startedAt: number;
}): ValidatedConsumer {
  const { config, driver, logger } = deps;
  let holding = false;
  const setHolding = (now: boolean, why: string) => {
    if (now === holding) return;
    holding = now;
    logger.info(
      { instanceId: config.instanceId, why },
      now ? 'request partition assigned: active' : 'request partition lost: standby',
    );
    driver.send({ type: now ? 'PARTITION_ASSIGNED' : 'PARTITION_REVOKED' });
  };

  const consumer = createValidatedConsumer<ParsedRequest>({
    kafka: deps.kafka,
    groupId: config.groupId,
    topics: [deps.topic],
    fromBeginning: true,
    app: 'coordinator',
    dlqTopic: deps.dlqTopic,
    dlqProducer: deps.producer,
    logger,
    ...(deps.registry ? { metrics: deps.registry } : {}),
    maxBatchMessages: CHUNK,
    heartbeatIntervalMs: config.kafka.heartbeatIntervalMs,
    consumerConfig: {
      sessionTimeout: config.kafka.sessionTimeoutMs,
      heartbeatInterval: config.kafka.heartbeatIntervalMs,
      rebalanceTimeout: Math.max(config.kafka.sessionTimeoutMs * 2, 10_000),
      maxWaitTimeInMs: 250,
      partitionAssigners: [stickyAssigner(() => ({ holding, startedAt: deps.startedAt }))],
    },
    decode: (value) => parseRequest(value),
    handleBatch: deps.handleBatch,
  });

  const { events } = consumer.consumer;
  consumer.consumer.on(events.GROUP_JOIN, ({ payload }) => {
    const partitions = payload.memberAssignment[deps.topic] ?? [];
    setHolding(partitions.length > 0, 'group join');
  });
  consumer.consumer.on(events.CRASH, () => setHolding(false, 'consumer crashed'));
  consumer.consumer.on(events.STOP, () => setHolding(false, 'consumer stopped'));
  return consumer;
}
