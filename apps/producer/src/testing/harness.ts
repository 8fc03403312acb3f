import { topicNames } from '@mdp/contracts/topic-names';
import type { SimulatorOptionsInput } from '@mdp/cryptocompare-simulator/options';
import {
  createSimulator,
  type Simulator,
  type SimulatorAddress,
} from '@mdp/cryptocompare-simulator/simulator';
import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { createMetricsRegistry, type Registry } from '@mdp/runtime/metrics';
import { deleteNamespaceTopics, testBrokers, uniqueNamespace } from '@mdp/runtime/testing';
import { ensureTopics } from '@mdp/runtime/topics';
import type { Kafka } from 'kafkajs';
import { type App, createApp } from '../app';
import { loadConfig } from '../config';
import { platformTopics } from '../kafka/platform-topics';

export type Harness = {
  sim: Simulator;
  address: SimulatorAddress;
  kafka: Kafka;
  namespace: string;
  topics: ReturnType<typeof topicNames>;
  /** Starts a producer (one at a time) with the harness env plus `env`. */
  startProducer(env?: Record<string, string>): Promise<App>;
  stopProducer(): Promise<void>;
  logLines(): string[];
  metricsText(): Promise<string>;
  /** Sum of a counter's samples whose labels contain every `labels` pair. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  /** Creates the platform topics before the producer runs (to seed them). */
  ensurePlatformTopics(): Promise<void>;
  close(): Promise<void>;
};

/** A simulator on a free port, a namespace of its own on the real broker, and a producer pointed at both. */
export async function startHarness(
  opts: {
    sim?: SimulatorOptionsInput;
    env?: Record<string, string>;
    /** A broker of the test's own (one it takes down); the shared KAFKA_BROKERS otherwise. */
    brokers?: readonly string[];
  } = {},
): Promise<Harness> {
  const brokers = opts.brokers ? [...opts.brokers] : testBrokers();
  const namespace = uniqueNamespace('tp');
  const sim = createSimulator({ port: 0, ...opts.sim });
  const address = await sim.start();
  const lines: string[] = [];
  const logger = createLogger({
    service: 'producer',
    level: 'debug',
    destination: { write: (s: string) => void lines.push(s) },
  });
  const quiet = createLogger({ service: 'producer-test', level: 'silent' });
  const kafka = createKafka({ clientId: 'producer-test', brokers, logger: quiet });
  const topics = topicNames(namespace);
  let app: App | null = null;
  let registry: Registry = createMetricsRegistry('producer', { defaultMetrics: false });
  const baseEnv: Record<string, string> = {
    KAFKA_BROKERS: brokers.join(','),
    TOPIC_NAMESPACE: namespace,
    HTTP_PORT: '0',
    CRYPTOCOMPARE_BASE_URL: address.baseUrl,
    CRYPTOCOMPARE_WS_URL: address.wsUrl,
    COINBASE_REST_URL: address.coinbaseRestUrl,
    COINBASE_WS_URL: address.coinbaseWsUrl,
    COINDESK_BASE_URL: address.coindeskBaseUrl,
    COINDESK_WS_URL: address.coindeskWsUrl,
    PRODUCER_ID: `producer-${namespace}`,
    PRODUCER_FIXED_TOPIC_PARTITIONS: '2',
    PRODUCER_RETRY_BASE_MS: '100',
    PRODUCER_RETRY_MAX_MS: '2000',
    ...opts.env,
  };
  const metricsText = () => registry.metrics();
  return {
    sim,
    address,
    kafka,
    namespace,
    topics,
    async startProducer(env = {}) {
      registry = createMetricsRegistry('producer', { defaultMetrics: false });
      const config = loadConfig({ ...baseEnv, ...env });
      app = createApp(config, { logger: logger.child({ run: lines.length }), metricsRegistry: registry });
      await app.start();
      return app;
    },
    async stopProducer() {
      await app?.stop('test');
      app = null;
    },
    logLines: () => lines,
    metricsText,
    async metric(name, labels = {}) {
      const metric = registry.getSingleMetric(name);
      if (!metric) return 0;
      const { values } = await metric.get();
      return values
        .filter((v) =>
          Object.entries(labels).every(([k, x]) => String((v.labels as Record<string, unknown>)[k]) === x),
        )
        .reduce((sum, v) => sum + v.value, 0);
    },
    async ensurePlatformTopics() {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, platformTopics(topics, 2));
      } finally {
        await admin.disconnect();
      }
    },
    async close() {
      await app?.stop('test').catch(() => undefined);
      await sim.stop();
      const admin = kafka.admin();
      await admin.connect();
      await deleteNamespaceTopics(admin, namespace).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
