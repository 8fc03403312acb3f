import { topicNames } from '@mdp/contracts/topic-names';
import { ensureReplicatedTopics } from '@mdp/runtime/ensure-replicated-topics';
import { createHealthServer } from '@mdp/runtime/http-server';
import { createKafka } from '@mdp/runtime/kafka-client';
import { kafkaClientOptions } from '@mdp/runtime/kafka-config';
import { createLogger, type Logger } from '@mdp/runtime/logger';
import { createMachineBoard } from '@mdp/runtime/machine-board';
import { machineAdminRoutes } from '@mdp/runtime/machine-routes';
import { createMetricsRegistry, type Registry } from '@mdp/runtime/metrics';
import { fixedTopicSpecs } from '@mdp/runtime/platform-topics';
import { createIdempotentProducer } from '@mdp/runtime/producer';
import type { ServiceContext } from '@mdp/runtime/service-main';
import { waitUntil } from '@mdp/runtime/wait-until';
import { type Actor, createActor } from 'xstate';
import { sinkActors } from './actors';
import { BatchBuffer } from './batches/buffer';
import { createDispatcher } from './batches/dispatcher';
import { toRow } from './batches/rows';
import type { SinkConfig } from './config';
import { createPostgresDatabase } from './db/postgres-database';
import { readOffsets } from './db/sink-offsets';
import { startDatabase } from './db/start-database';
import { createDlqPublisher } from './kafka/dlq-publisher';
import { createFixedConsumer } from './kafka/fixed-consumer';
import { startLagMonitor } from './kafka/lag-monitor';
import { type SinkMachine, sinkMachine } from './machine';
import { createSinkMetrics } from './metrics';
import { observeSink } from './observe';

export const APP_NAME = 'fixed-sink';

export type SinkDeps = {
  logger?: Logger;
  registry?: Registry;
  /** The machine died of a bug: the entry point logs it, drains and exits 70 (never lingers doing nothing). */
  onFatal?: ServiceContext['onFatal'];
  /**
   * Implementations put over the real ones with `.provide` (a failing actor or action): how the
   * crash test gives the built service a real root-machine failure.
   */
  provide?: Parameters<SinkMachine['provide']>[0];
};

export type SinkApp = {
  start(): Promise<void>;
  /** Drains: writes what is buffered (up to SINK_DRAIN_TIMEOUT_MS), commits, leaves the group, closes. */
  stop(): Promise<void>;
  readonly actor: Actor<SinkMachine>;
  /** The bound HTTP port once started (useful with HTTP_PORT=0), 0 before. */
  port(): number;
};

export function createApp(config: SinkConfig, deps: SinkDeps = {}): SinkApp {
  const logger = deps.logger ?? createLogger({ service: APP_NAME, level: config.logLevel });
  const registry = deps.registry ?? createMetricsRegistry(APP_NAME);
  const metrics = createSinkMetrics(registry);
  const names = topicNames(config.namespace);
  const topics = { ticks: names.ticks, candles1m: names.candles1m };
  const dlqTopic = names.dlq(APP_NAME);
  const db = createPostgresDatabase({
    url: config.databaseUrl,
    ...config.db,
    onNotice: (message) => logger.debug({ notice: message }, 'database notice'),
    onReplaced: (reason) => logger.warn({ reason }, 'database connection lost: connection pool replaced'),
  });
  const kafka = createKafka({ ...kafkaClientOptions(config.kafka), logger });
  const admin = kafka.admin();
  const dlqProducer = createIdempotentProducer(kafka, { logger, metrics: registry });
  const buffer = new BatchBuffer();
  const consumer = createFixedConsumer({
    kafka,
    groupId: config.groupId,
    topics: [topics.ticks, topics.candles1m],
    fromBeginning: config.kafka.fromBeginning,
    sessionTimeoutMs: config.kafka.sessionTimeoutMs,
    heartbeatIntervalMs: config.kafka.heartbeatIntervalMs,
    maxBytesPerPartition: config.kafka.maxBytesPerPartition,
    maxWaitMs: config.kafka.maxWaitMs,
    buffer,
    decode: (source) => toRow(source, topics),
    storedOffsets: () => readOffsets(db, config.groupId, [topics.ticks, topics.candles1m]),
    onBuffered: () => dispatcher.pump(),
    onCommitRefused: (reason) => {
      metrics.commitsRejected.inc();
      logger.info(
        { reason },
        'offset commit refused after a rebalance (rows and offsets are in the database)',
      );
    },
    logger,
  });
  let lagMonitor: { stop(): void } | undefined;
  const drain = async () => {
    lagMonitor?.stop();
    await consumer.stop();
    await dlqProducer.disconnect();
  };
  const machine = sinkMachine
    .provide({
      actors: sinkActors({
        topics,
        groupId: config.groupId,
        db,
        consumer,
        sendToDlq: createDlqPublisher({
          producer: dlqProducer,
          dlqTopic,
          app: APP_NAME,
          logger,
          metrics: registry,
          limits: { maxRecordBytes: config.kafka.dlqMaxRecordBytes },
        }),
        drain,
      }),
    })
    .provide(deps.provide ?? {});
  const actor = createActor(machine, { input: { retry: config.retry } });
  const dispatcher = createDispatcher({
    buffer,
    batchSize: config.batch.size,
    flushIntervalMs: config.batch.flushIntervalMs,
    maxBuffered: config.batch.maxBuffered,
    canTake: () => actor.getSnapshot().matches('idle'),
    deliver: (batch) => actor.send({ type: 'MESSAGE_RECEIVED', batch }),
    setPaused: (reason, paused) => consumer.setPaused(reason, paused),
    onBufferSize: (size) => metrics.buffered.set(size),
  });
  const observer = observeSink(actor, {
    metrics,
    logger,
    consumer,
    summaryIntervalMs: config.summaryIntervalMs,
  });
  const board = createMachineBoard({ metricPrefix: 'fixed_sink', registry });
  board.observe(actor, { id: 'fixedSink', chart: machine });
  const health = createHealthServer({
    port: config.http.port,
    limits: config.httpLimits,
    logger,
    metricsRegistry: registry,
    checks: [
      { name: 'database', check: async () => (await db.query('SELECT 1')).rows.length === 1 },
      { name: 'kafka', check: () => consumer.isReady() },
      {
        name: 'machine',
        check: () => {
          const snapshot = actor.getSnapshot();
          return { ok: snapshot.status === 'active', detail: JSON.stringify(snapshot.value) };
        },
      },
    ],
    extraRoutes: [
      machineAdminRoutes({
        service: APP_NAME,
        board,
        token: config.adminToken,
        tokenVar: 'SINK_ADMIN_TOKEN',
      }),
    ],
  });
  actor.subscribe({
    next: (snapshot) => {
      if (snapshot.matches('idle')) dispatcher.pump();
    },
    error: (error) => {
      health.setFatal('sink machine failed');
      if (deps.onFatal) deps.onFatal('sink machine failed', error);
      else logger.fatal({ err: error }, 'sink machine failed');
    },
  });

  let port = 0;
  let started = false;
  let stopping: Promise<void> | undefined;

  return {
    actor,
    port: () => port,
    async start() {
      port = await health.start();
      await startDatabase(db, config.timescale, {
        logger,
        timeoutMs: config.startupTimeoutMs,
        retry: config.retry,
      });
      await admin.connect();
      const created = await ensureReplicatedTopics(
        admin,
        [...fixedTopicSpecs(topics, config.kafka.topicPartitions), { topic: dlqTopic, partitions: 1 }],
        { replicationFactor: config.kafka.replicationFactor, logger, metrics: registry },
      );
      if (created.created.length > 0) logger.info({ topics: created.created }, 'created missing topics');
      await dlqProducer.connect();
      actor.start();
      started = true;
      await consumer.start();
      lagMonitor = startLagMonitor({
        admin,
        groupId: config.groupId,
        topics: [topics.ticks, topics.candles1m],
        intervalMs: config.lagIntervalMs,
        onLag: (lags) => {
          for (const l of lags) metrics.lag.set({ topic: l.topic, partition: String(l.partition) }, l.lag);
        },
        logger,
      });
      logger.info(
        { groupId: config.groupId, topics, dlqTopic, batchSize: config.batch.size, port },
        'fixed-sink started',
      );
    },
    stop() {
      stopping ??= (async () => {
        consumer.setPaused('draining', true);
        if (started) {
          // Write what is buffered unless the database is down, then leave.
          dispatcher.flushAll();
          const snapshot = () => actor.getSnapshot();
          const drainWait = { timeoutMs: config.drainTimeoutMs, intervalMs: 20 };
          await waitUntil(
            () => (buffer.size === 0 && snapshot().matches('idle')) || snapshot().matches('error'),
            drainWait,
          );
          actor.send({ type: 'DRAIN' });
          if (!(await waitUntil(() => snapshot().status !== 'active', drainWait)))
            logger.warn({ state: snapshot().value }, 'drain did not finish in time');
        } else {
          await drain().catch((error: unknown) => logger.warn({ err: error }, 'disconnect failed'));
        }
        dispatcher.stop();
        observer.stop();
        actor.stop();
        await admin.disconnect().catch(() => {});
        await db.close();
        await health.stop();
      })();
      return stopping;
    },
  };
}
