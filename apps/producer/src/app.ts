import { topicNames } from '@mdp/contracts/topic-names';
import { ensureReplicatedTopics } from '@mdp/runtime/ensure-replicated-topics';
import { createHealthServer } from '@mdp/runtime/http-server';
import { createKafka } from '@mdp/runtime/kafka-client';
import { kafkaClientOptions } from '@mdp/runtime/kafka-config';
import { retryKafka } from '@mdp/runtime/kafka-retry';
import type { Logger } from '@mdp/runtime/logger';
import { createMachineBoard } from '@mdp/runtime/machine-board';
import { machineAdminRoutes } from '@mdp/runtime/machine-routes';
import { createMetricsRegistry, type Registry } from '@mdp/runtime/metrics';
import { createIdempotentProducer } from '@mdp/runtime/producer';
import { redactUrl } from '@mdp/runtime/redact-url';
import { createRegistryReader } from '@mdp/runtime/registry-reader';
import type { ServiceContext } from '@mdp/runtime/service-main';
import { createComponents } from './components';
import type { ProducerConfig } from './config';
import { decodeTopicRecord } from './dynamic/active-topics';
import { createDynamicTopics } from './dynamic/dynamic-topics';
import { readLastCandles } from './kafka/candle-resume';
import { createControlPublisher } from './kafka/control-publisher';
import { KafkaHealth } from './kafka/kafka-health';
import { createMarketPublisher } from './kafka/market-publisher';
import { platformTopics } from './kafka/platform-topics';
import { trackPublishes, watchKafka } from './kafka/watch-kafka';
import { createProducerMetrics } from './metrics';
import { createCycle } from './pipeline/cycle';
import { runMachine } from './run-machine';
import { type SocketFactory, undiciSocketFactory } from './stream/socket';

export type AppDeps = {
  logger: Logger;
  metricsRegistry?: Registry;
  socketFactory?: SocketFactory;
  now?: () => number;
  /** Told when the root machine crashes (the entry point's crash policy); logged fatal without it. */
  onFatal?: ServiceContext['onFatal'];
};

export type App = {
  start(): Promise<void>;
  stop(reason?: string): Promise<void>;
  /** The bound HTTP port (useful with HTTP_PORT=0). */
  port(): number;
};

const SOURCE = 'producer';

export function createApp(config: ProducerConfig, deps: AppDeps): App {
  const { logger } = deps;
  const now = deps.now ?? Date.now;
  const registry = deps.metricsRegistry ?? createMetricsRegistry('producer');
  const metrics = createProducerMetrics(registry);
  const topics = topicNames(config.topicNamespace);
  // Readiness follows what publishing and consuming show now, not a flag set once at start.
  const kafkaHealth = new KafkaHealth(now);
  const kafka = watchKafka(createKafka({ ...kafkaClientOptions(config.kafka), logger }), kafkaHealth);
  const producer = trackPublishes(
    createIdempotentProducer(kafka, { lingerMs: config.kafka.lingerMs, metrics: registry, logger }),
    kafkaHealth,
  );
  const parts = createComponents(config, {
    logger,
    metrics,
    socketFactory: deps.socketFactory ?? undiciSocketFactory,
    now,
  });
  const control = createControlPublisher({ producer, topics, source: SOURCE, producerId: config.producerId });
  const dynamic = createDynamicTopics({
    router: parts.router,
    control,
    namespace: config.topicNamespace,
    metrics,
    logger,
    onNeededPairs: (pairs) => parts.setNeededPairs(pairs),
  });
  const reader = createRegistryReader({
    kafka,
    topic: topics.registry,
    decode: decodeTopicRecord,
    logger,
    metrics: registry,
    groupIdPrefix: `${config.producerId}-registry`,
    onChange: (_key, _value, change) => {
      if (!change.replay) dynamic.refresh();
    },
  });
  dynamic.attach(reader);
  const publisher = createMarketPublisher({
    producer,
    topics,
    source: SOURCE,
    onInvalid: (kind, reason) => {
      metrics.skipped.inc({ kind, reason: 'contract' });
      logger.error({ kind, reason }, 'refused by the contract at publish time');
    },
  });
  const cycle = createCycle({
    ...parts,
    publisher,
    metrics,
    now,
    beforeFetch: () => parts.applyDemand(parts.demand.refresh(now())),
  });
  const board = createMachineBoard({ metricPrefix: 'producer', registry });
  const http = createHealthServer({
    port: config.httpPort,
    limits: config.httpLimits,
    logger,
    metricsRegistry: registry,
    checks: [
      { name: 'kafka', check: () => kafkaHealth.check() },
      { name: 'registry', check: () => reader.isCaughtUp() },
    ],
    extraRoutes: [
      machineAdminRoutes({
        service: 'producer',
        board,
        token: config.adminToken,
        tokenVar: 'PRODUCER_ADMIN_TOKEN',
      }),
    ],
  });
  const onFatal = deps.onFatal ?? ((reason, error) => logger.fatal({ err: error }, reason));
  const machine = runMachine({
    config,
    cycle,
    parts,
    control,
    dynamic,
    producer,
    metrics,
    logger,
    http,
    board,
    onFatal,
  });
  let boundPort = 0;
  let stopping: Promise<void> | undefined;

  return {
    port: () => boundPort,
    async start() {
      logger.info(
        {
          pairs: config.pairs.length,
          sources: config.sources,
          baseUrl: redactUrl(config.cryptocompare.baseUrl),
          wsUrl: redactUrl(config.cryptocompare.wsUrl),
          keyConfigured: config.cryptocompare.apiKey !== undefined,
          namespace: config.topicNamespace,
          sourceNames: config.sourceNames,
        },
        'producer starting',
      );
      boundPort = await http.start();
      await producer.connect();
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureReplicatedTopics(admin, platformTopics(topics, config.kafka.partitions), {
          replicationFactor: config.kafka.replicationFactor,
          logger,
          metrics: registry,
        });
      } finally {
        await admin.disconnect();
      }
      kafkaHealth.markStarted();
      // Its first step reads the registry's offsets, which races the topic creation just above
      // like the candle resume does; a failure there leaves nothing started, so it can be retried.
      await retryKafka('registry reader start', () => reader.start(), { logger, policy: config.startRetry });
      await reader.waitUntilCaughtUp(60_000);
      dynamic.refresh();
      if (config.sources.candles) {
        const tailPerPartition = Math.max(1_000, 50 * parts.sources.pairs().length);
        parts.resumeCandles(
          await readLastCandles({
            kafka,
            topic: topics.candles1m,
            tailPerPartition,
            timeoutMs: 20_000,
            startRetry: config.startRetry,
            logger,
          }),
        );
      }
      parts.applyDemand(parts.demand.refresh(now()));
      parts.sources.start();
      machine.start();
      logger.info(
        { pairs: parts.sources.pairs().length, dynamicTopics: parts.router.activeTopics().length },
        'producer started',
      );
    },
    stop(reason = 'stop') {
      stopping ??= (async () => {
        logger.info({ reason }, 'producer stopping');
        await machine.stop();
        parts.sources.stop();
        await reader.stop().catch((e: unknown) => logger.warn({ err: e }, 'registry reader stop failed'));
        await producer
          .disconnect()
          .catch((e: unknown) => logger.warn({ err: e }, 'producer disconnect failed'));
        kafkaHealth.markStopped();
        await parts.sources.close();
        await http.stop();
        logger.info('producer stopped');
      })();
      return stopping;
    },
  };
}
