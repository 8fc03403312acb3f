import { topicNames } from '@mdp/contracts/topic-names';
import { ensureReplicatedTopics } from '@mdp/runtime/ensure-replicated-topics';
import { createKafka } from '@mdp/runtime/kafka-client';
import { kafkaClientOptions } from '@mdp/runtime/kafka-config';
import { createLogger, type Logger } from '@mdp/runtime/logger';
import { createMachineBoard } from '@mdp/runtime/machine-board';
import { createMetricsRegistry, type Registry } from '@mdp/runtime/metrics';
import { controlTopicSpecs } from '@mdp/runtime/platform-topics';
import { createIdempotentProducer } from '@mdp/runtime/producer';
import type { ServiceContext } from '@mdp/runtime/service-main';
import { createActor, waitFor } from 'xstate';
import { provideSteps } from './actors';
import type { CoordinatorState } from './admin/context';
import type { CoordinatorConfig } from './config';
import { createEventsFollower } from './events/follower';
import { SubscriberTracker } from './events/subscribers';
import { createCoordinatorHttp } from './http/server';
import { createMachineDriver } from './machine-driver';
import { createCoordinatorMetrics } from './metrics';
import { createRegistryGuard } from './registry/guard';
import { createRegistryView } from './registry/view';
import { createRequestConsumer } from './requests/consumer';
import { createRequestHandler, RecentIds } from './requests/handler';
import { createRequestPublisher } from './requests/publisher';
import { RequestWaiters } from './requests/waiters';
import { createTopicAdmin } from './topics/admin';
import { OrphanBoard } from './topics/orphan-board';

export type { CoordinatorConfig } from './config';
export { loadConfig } from './config';

/** Optional collaborators; tests and in-process embedders pass their own. */
export type CoordinatorDeps = {
  logger?: Logger;
  metricsRegistry?: Registry;
  now?: () => number;
  /** Jitter source of the retry backoff. */
  random?: () => number;
  /** Told when the root machine crashes (the entry point's crash policy: log, drain, exit 70). */
  onFatal?: ServiceContext['onFatal'];
};

export type CoordinatorApp = {
  start(): Promise<void>;
  /** Drains the request in progress, commits, disconnects. Safe to call twice or after a failed start. */
  stop(): Promise<void>;
  /** The bound HTTP port (after start; useful with HTTP_PORT=0). */
  port(): number;
  state(): CoordinatorState;
};

/** How long stop lets a running request finish before the machine is told to STOP. */
const DRAIN_MS = 5_000;

/** Builds the coordinator; nothing happens until `start()`. */
export function createApp(config: CoordinatorConfig, deps: CoordinatorDeps = {}): CoordinatorApp {
  const logger = deps.logger ?? createLogger({ service: 'coordinator', level: config.logLevel });
  const registry = deps.metricsRegistry ?? createMetricsRegistry('coordinator');
  const now = deps.now ?? Date.now;
  const names = topicNames(config.namespace);
  const startedAt = now();
  const closers: Array<() => Promise<void>> = [];
  const timers: NodeJS.Timeout[] = [];

  const kafka = createKafka({ ...kafkaClientOptions(config.kafka), logger });
  const admin = kafka.admin();
  const producer = createIdempotentProducer(kafka, { metrics: registry });
  const view = createRegistryView({
    kafka,
    admin,
    producer,
    topic: names.registry,
    logger,
    metrics: registry,
  });
  const orphans = new OrphanBoard();
  const metrics = createCoordinatorMetrics(
    registry,
    () => view.values(),
    () => orphans,
  );
  const topicAdmin = createTopicAdmin(admin, config, { logger, metrics: registry });
  const registryGuard = createRegistryGuard({
    kafka,
    view,
    topic: names.registry,
    sealGroup: `${config.groupId}.registry-seal`,
    replicationFactor: config.kafka.replicationFactor,
    logger,
    metrics,
  });
  const subscribers = new SubscriberTracker(startedAt);
  const waiters = new RequestWaiters();
  const machine = provideSteps({
    config,
    view,
    topics: topicAdmin,
    sendEvents: (messages) => producer.send(names.events, messages),
    subscribers,
    metrics,
    logger,
    now,
    orphans,
    registryGuard,
  });
  const actor = createActor(machine, {
    input: { retry: config.retry, ...(deps.random ? { random: deps.random } : {}) },
  });
  const driver = createMachineDriver(actor, metrics, logger);
  const board = createMachineBoard({ metricPrefix: 'coordinator', registry });
  board.observe(actor, { id: 'coordinator', chart: machine });
  actor.on('STEP_FAILED', ({ step, message, attempt }) => {
    metrics.stepFailures.inc({ step });
    logger.warn({ step, attempt, error: message }, 'step failed; backing off before retrying');
  });

  const { http, state } = createCoordinatorHttp({
    config,
    logger,
    registry,
    view,
    subscribers,
    waiters,
    publish: createRequestPublisher(producer, names.requests),
    actor,
    driver,
    now,
    orphans,
    topics: topicAdmin,
    board,
  });
  actor.subscribe({
    error: (e) => {
      http.setFatal('coordinator machine failed');
      deps.onFatal?.('coordinator machine failed', e);
    },
  });

  const requests = createRequestConsumer({
    kafka,
    config,
    topic: names.requests,
    dlqTopic: names.dlq('coordinator'),
    producer,
    driver,
    handleBatch: createRequestHandler({
      driver,
      registry: view,
      config,
      metrics,
      logger,
      now,
      answered: new RecentIds(),
    }),
    registry,
    logger,
    startedAt,
  });
  const events = createEventsFollower({
    kafka,
    admin,
    topic: names.events,
    groupId: `${config.groupId}.events.${config.instanceId}`,
    dlqTopic: names.dlq('coordinator'),
    producer,
    subscribers,
    waiters,
    metrics,
    registry,
    logger,
    now,
  });

  let port = 0;
  let stopping: Promise<void> | undefined;

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      for (const t of timers) clearInterval(t);
      // Let the request in progress finish and commit; then STOP ends whatever still waits (backoff).
      const drain = setTimeout(() => driver.send({ type: 'STOP' }), DRAIN_MS);
      for (const close of closers.reverse()) {
        await close().catch((e: unknown) => logger.warn({ err: e }, 'error while stopping'));
      }
      clearTimeout(drain);
      logger.info('coordinator stopped');
    })();
    return stopping;
  }

  return {
    async start() {
      try {
        port = await http.start();
        closers.push(() => http.stop());
        await admin.connect();
        closers.push(() => admin.disconnect());
        await ensureReplicatedTopics(
          admin,
          [...controlTopicSpecs(names), { topic: names.dlq('coordinator'), partitions: 1 }],
          { replicationFactor: config.kafka.replicationFactor, logger, metrics: registry },
        );
        await producer.connect();
        closers.push(() => producer.disconnect());
        await view.start(60_000);
        closers.push(() => view.stop());
        closers.push(() => registryGuard.settle());
        await events.start();
        closers.push(() => events.stop());
        actor.start();
        closers.push(async () => {
          driver.send({ type: 'STOP' });
          await waitFor(actor, (s) => s.status === 'done', { timeout: DRAIN_MS }).catch(() => undefined);
          actor.stop();
        });
        await requests.start();
        closers.push(() => requests.stop());
        timers.push(
          setInterval(() => driver.tick('MAINTAIN'), config.lifecycle.maintenanceIntervalMs).unref(),
        );
        timers.push(
          setInterval(() => driver.tick('RECONCILE'), config.lifecycle.reconcileIntervalMs).unref(),
        );
        logger.info({ instanceId: config.instanceId, groupId: config.groupId, port }, 'coordinator started');
      } catch (e) {
        logger.error({ err: e }, 'coordinator failed to start');
        await stop();
        throw e;
      }
    },
    stop,
    port: () => port,
    state,
  };
}
