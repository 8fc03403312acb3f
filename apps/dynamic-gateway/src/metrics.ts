import { counter, gauge, histogram, type Registry } from '@mdp/runtime/metrics';

export type Transport = 'sse' | 'ws' | 'webhook';

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
    bufferDepth: gauge(registry, {
      name: 'gateway_client_buffer_depth',
      help: 'Messages waiting for a client (per subscription, at scrape time)',
      labelNames: ['transport', 'subscription'],
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
    refused: counter(registry, {
      name: 'gateway_refused_requests_total',
      help: 'Requests refused, by status and code',
      labelNames: ['status', 'code'],
    }),
    invalidMessages: counter(registry, {
      name: 'gateway_invalid_messages_total',
      help: 'Messages of a dynamic topic that failed validation (sent to the DLQ)',
      labelNames: ['topic'],
    }),
    readers: gauge(registry, {
      name: 'gateway_topic_readers',
      help: 'Topic readers by machine state',
      labelNames: ['state'],
    }),
    historyReaders: gauge(registry, { name: 'gateway_history_readers', help: 'Catch-up reads in progress' }),
    firstMessage: histogram(registry, {
      name: 'gateway_time_to_first_message_seconds',
      help: 'From a stream request to its first delivered message',
      labelNames: ['transport'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    heartbeats: counter(registry, {
      name: 'gateway_heartbeats_total',
      help: 'SubscriberHeartbeats sent, by outcome',
      labelNames: ['outcome'],
    }),
    // A client's handler threw: that client was closed (WS 1011), the gateway went on.
    clientErrors: counter(registry, {
      name: 'gateway_client_errors_total',
      help: 'Unexpected errors in a client handler (the client was closed, the gateway kept running)',
      labelNames: ['transport'],
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
