import { randomUUID } from 'node:crypto';
import type { ControlEvent } from '@mdp/contracts/control';
import { isDynamicTopic, topicMetricLabel, topicNames } from '@mdp/contracts/topic-names';
import { createKafka } from '@mdp/runtime/kafka-client';
import { kafkaClientOptions } from '@mdp/runtime/kafka-config';
import type { Logger } from '@mdp/runtime/logger';
import type { Registry } from '@mdp/runtime/metrics';
import { createIdempotentProducer } from '@mdp/runtime/producer';
import type { GatewayConfig } from './config';
import { createHistoryDb } from './history/db';
import { createHistoryRoutes } from './history/routes';
import { createHistoryStore } from './history/store';
import { createApiRoutes } from './http/api-routes';
import { createAuthenticator } from './http/auth';
import { createCredentialAuthenticator } from './http/credentials';
import { createTokenRoutes } from './http/token-routes';
import { createTokenIssuer, tokenSecret } from './http/tokens';
import { createGatewayMetrics } from './metrics';
import { ClientRegistry } from './streams/clients';
import { createStreamOpener } from './streams/opener';
import { createTopicConsumer } from './topics/consumer';
import { createControlPlane, SOURCE } from './topics/control-plane';
import { createHeartbeat } from './topics/heartbeat';
import { TopicHub } from './topics/hub';
import { TopicRequester } from './topics/requests';
import { createTopicResolver, type TopicView } from './topics/resolver';
import { WebhookRegistry, type WebhookRegistryDeps } from './webhooks/registry';
import { createWsServer } from './ws/server';

export type ReaderControl = { start(topic: string): void; stop(topic: string): void };

/** Builds every part of the gateway (nothing connects or listens yet); `app.ts` runs them. */
export function buildComponents(
  config: GatewayConfig,
  logger: Logger,
  registry: Registry,
  readers: ReaderControl,
  webhookDeps: Pick<WebhookRegistryDeps, 'resolveHost'> = {},
) {
  const metrics = createGatewayMetrics(registry);
  const names = topicNames(config.namespace);
  const kafka = createKafka({ ...kafkaClientOptions(config.kafka), logger });
  const admin = kafka.admin();
  const producer = createIdempotentProducer(kafka, { metrics: registry });
  const groupIdPrefix = `${config.namespace ? `${config.namespace}.` : ''}gateway.${config.gatewayId}`;
  const closing = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    closing.add(p);
    void p.finally(() => closing.delete(p));
  };
  const newId = () => randomUUID();
  const t = config.timing;

  const clients = new ClientRegistry(config.limits, metrics);
  const hub = new TopicHub({
    capacity: config.topicBufferMessages,
    bytesPerTopic: config.topicBuffers.bytesPerTopic,
    totalBytes: config.topicBuffers.totalBytes,
    idleMs: t.readerIdleMs,
    startReader: readers.start,
    stopReader: readers.stop,
  });
  const requester = new TopicRequester({
    send: (id, app, spec) => control.sendRequest(id, app, spec),
    timeoutMs: t.activationTimeoutMs,
  });

  const topicGone = (topic: string, reason: string) => {
    for (const sub of clients.forTopic(topic)) sub.close(reason);
    hub.drop(topic);
  };
  const onEvent = (event: ControlEvent) => {
    if (event.type === 'TopicActivated') requester.onActivated(event.data);
    else if (event.type === 'TopicRequestRejected') requester.onRejected(event.data);
    else if (event.type === 'TopicRetired') topicGone(event.data.topic, 'topic_retired');
  };
  const onRecord = (topic: string, record: TopicView | null) => {
    if (record?.status === 'active') requester.onTopicActive(topic, record.partitions);
    else if (record === null) topicGone(topic, 'topic_deleted');
    else if (record.status === 'failed') topicGone(topic, 'topic_failed');
  };
  const control = createControlPlane({
    kafka,
    admin,
    names,
    gatewayId: config.gatewayId,
    producer,
    logger,
    groupIdPrefix,
    fetchMaxWaitMs: t.fetchMaxWaitMs,
    registryTimeoutMs: t.readerReadyTimeoutMs,
    metrics: registry,
    onEvent,
    onRecord,
  });

  const resolver = createTopicResolver({
    namespace: config.namespace,
    registry: control.registry,
    requester,
    reservePending: (appId) => clients.reservePending(appId),
  });
  const opener = createStreamOpener({
    kafka,
    admin,
    resolver,
    hub,
    logger,
    metrics,
    groupIdPrefix: `${groupIdPrefix}.history`,
    fetchMaxWaitMs: t.fetchMaxWaitMs,
    readerReadyTimeoutMs: t.readerReadyTimeoutMs,
    maxHistoryReaders: config.limits.historyReaders,
    catchUpQueueMs: t.catchUpQueueMs,
    catchUpStallMs: t.catchUpStallMs,
    defaults: { policy: config.slowClient.policy, bufferMessages: config.slowClient.bufferMessages },
  });
  // API keys, and the short-lived tokens they buy (POST /v1/tokens) for browser pages.
  const authenticateKey = createAuthenticator(config.apiKeys);
  const tokens = createTokenIssuer({
    secret: tokenSecret(config.browser.tokenSecret, logger),
    ttlMs: config.browser.tokenTtlMs,
  });
  const authenticate = createCredentialAuthenticator(
    authenticateKey,
    tokens,
    new Set(config.apiKeys.map((k) => k.appId)),
  );
  const webhooks = new WebhookRegistry({
    ...webhookDeps,
    opener,
    clients,
    metrics,
    logger,
    newId,
    settings: config.webhook,
  });
  // History reads the fixed-sink's database (read-only); live streams never depend on it.
  const historyDb = createHistoryDb({
    url: config.history.databaseUrl,
    poolSize: config.history.poolSize,
    statementTimeoutMs: config.history.statementTimeoutMs,
    logger,
  });
  // Without a history database, streams behave as before (a `snapshot` is refused with 503).
  const history = config.history.databaseUrl
    ? {
        db: historyDb,
        createdAt: (topic: string) => {
          const created = control.registry.get(topic)?.createdAt;
          return created ? Date.parse(created) : undefined;
        },
      }
    : undefined;
  const sse = { opener, clients, metrics, logger, keepAliveMs: t.sseKeepAliveMs, newId, history };
  const ws = createWsServer({
    opener,
    clients,
    metrics,
    logger,
    newId,
    authenticate,
    highWaterBytes: config.slowClient.socketHighWaterBytes,
    maxMalformedFrames: config.limits.wsMalformedFrames,
    pingIntervalMs: t.wsPingIntervalMs,
    maxFrameBytes: config.limits.wsFrameBytes,
    frameLimits: {
      socket: { perSecond: config.wsFrameRate.socketPerSecond, burst: config.wsFrameRate.socketBurst },
      app: { perSecond: config.wsFrameRate.appPerSecond, burst: config.wsFrameRate.appBurst },
    },
    history,
  });
  const historyRoutes = createHistoryRoutes({
    store: createHistoryStore(historyDb),
    maxPageRows: config.history.maxPageRows,
    ratePerSecond: config.history.ratePerSecond,
  });
  const api = createApiRoutes({
    extraRoutes: [...historyRoutes, ...createTokenRoutes({ authenticateKey, tokens })],
    authenticate,
    resolver,
    registry: control.registry,
    isDynamicTopic: (topic) => isDynamicTopic(topic, config.namespace),
    clients,
    webhooks,
    sse,
    metrics,
    logger,
    maxBodyBytes: config.limits.bodyBytes,
  });
  const heartbeat = createHeartbeat({
    intervalMs: t.heartbeatIntervalMs,
    counts: () => clients.countsByTopic(),
    send: (topics) => control.sendHeartbeat(topics, t.heartbeatIntervalMs),
    logger,
    onSent: (ok) => metrics.heartbeats.inc({ outcome: ok ? 'sent' : 'failed' }),
  });
  const topicConsumer = createTopicConsumer({
    kafka,
    admin,
    app: SOURCE,
    lookup: (topic) => hub.lookup(topic),
    sendToDlq: (messages) => producer.send(names.dlq(SOURCE), messages),
    groupIdPrefix: `${groupIdPrefix}.reader`,
    fetchMaxWaitMs: t.fetchMaxWaitMs,
    logger,
    track,
    onRejected: (topic, n) => metrics.invalidMessages.inc({ topic: topicMetricLabel(topic) }, n),
    metrics: registry,
  });

  return {
    metrics,
    names,
    kafka,
    admin,
    producer,
    clients,
    hub,
    requester,
    control,
    webhooks,
    ws,
    api,
    heartbeat,
    topicConsumer,
    closing,
    historyDb,
  };
}

export type Components = ReturnType<typeof buildComponents>;
