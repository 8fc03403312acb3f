import { counter, gauge, histogram, type Registry } from '@mdp/runtime/metrics';

export const TRANSPORTS = ['sse', 'ws', 'webhook'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** Everything the gateway counts. Labels stay bounded: transports, reasons, codes, topic names. */
export function createGatewayMetrics(registry: Registry) {
  return {
    connections: gauge(registry, {
      name: 'gateway_connections',
      help: 'Open client connections',
      labelNames: ['transport'],
    }),
    subscriptions: gauge(registry, {
      name: 'gateway_subscriptions',
      help: 'Active subscriptions (SSE streams, WebSocket subscriptions, webhooks)',
      labelNames: ['transport'],
    }),
    delivered: counter(registry, {
      name: 'gateway_messages_delivered_total',
      help: 'Messages handed to clients',
      labelNames: ['transport'],
    }),
    // Per transport, not per subscription: subscription ids are unbounded label values (a new
    // series for every client that ever connected).
    bufferDepthMax: gauge(registry, {
      name: 'gateway_client_buffer_depth_max',
      help: 'Messages waiting for the slowest subscription, by transport (at scrape time)',
      labelNames: ['transport'],
    }),
    bufferedMessages: gauge(registry, {
      name: 'gateway_client_buffered_messages',
      help: 'Messages waiting for clients, summed over the subscriptions of a transport (at scrape time)',
      labelNames: ['transport'],
    }),
    skipped: counter(registry, {
      name: 'gateway_skipped_messages_total',
      help: 'Messages a client did not get, by reason (dropped: slow client, conflated, expired: retention)',
      labelNames: ['transport', 'reason'],
    }),
    disconnects: counter(registry, {
      name: 'gateway_disconnects_total',
      help: 'Client connections closed, by reason',
      labelNames: ['transport', 'reason'],
    }),
    webhookDeliveries: counter(registry, {
      name: 'gateway_webhook_deliveries_total',
      help: 'Webhook POST attempts, by outcome (delivered, retry, failed = gave up on the batch)',
      labelNames: ['outcome'],
    }),
    webhookFailures: counter(registry, {
      name: 'gateway_webhook_failures_total',
      help: 'Failed webhook POSTs and internal errors, by coarse reason (target_not_allowed, timeout, ...)',
      labelNames: ['reason'],
    }),
    refused: counter(registry, {
      name: 'gateway_refused_requests_total',
      help: 'Requests refused, by status and code',
      labelNames: ['status', 'code'],
    }),
    invalidMessages: counter(registry, {
      name: 'gateway_invalid_messages_total',
      help: 'Messages of dynamic topics that failed validation (sent to the DLQ), by prefix and kind',
      labelNames: ['topic'],
    }),
    historyReaders: gauge(registry, { name: 'gateway_history_readers', help: 'Catch-up reads in progress' }),
    historyWaiting: gauge(registry, {
      name: 'gateway_history_readers_waiting',
      help: 'Requests waiting for a catch-up read',
    }),
    topicBufferBytes: gauge(registry, {
      name: 'gateway_topic_buffer_bytes',
      help: 'Topic ring memory: reserved (by held topics), used (messages held), limit (total budget)',
      labelNames: ['kind'],
    }),
    firstMessage: histogram(registry, {
      name: 'gateway_time_to_first_message_seconds',
      help: 'From a stream request to its first delivered message',
      labelNames: ['transport'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    // Unexpected throws in one client's handler (that client is closed, the process is not).
    clientErrors: counter(registry, {
      name: 'gateway_client_errors_total',
      help: 'Unexpected failures in one client handler, which closed that client, by transport',
      labelNames: ['transport'],
    }),
    heartbeats: counter(registry, {
      name: 'gateway_heartbeats_total',
      help: 'SubscriberHeartbeats sent, by outcome',
      labelNames: ['outcome'],
    }),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;

/** Counts one subscription's deliveries and gaps; the first delivery also times request → first message. */
export function deliveryMeter(
  metrics: GatewayMetrics,
  transport: Transport,
  requestedAt = performance.now(),
) {
  let first = true;
  return {
    delivered(n: number): void {
      if (n === 0) return;
      metrics.delivered.inc({ transport }, n);
      if (!first) return;
      first = false;
      metrics.firstMessage.observe({ transport }, (performance.now() - requestedAt) / 1000);
    },
    skipped(gap: { dropped: number; conflated: number }): void {
      if (gap.dropped > 0) metrics.skipped.inc({ transport, reason: 'dropped' }, gap.dropped);
      if (gap.conflated > 0) metrics.skipped.inc({ transport, reason: 'conflated' }, gap.conflated);
    },
  };
}

export type DeliveryMeter = ReturnType<typeof deliveryMeter>;
