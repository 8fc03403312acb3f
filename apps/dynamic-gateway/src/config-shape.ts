import { SLOW_CLIENT_POLICIES } from '@mdp/contracts/stream-request';
import {
  boolVar,
  durationVar,
  enumVar,
  intVar,
  listVar,
  logLevelVar,
  optional,
  portVar,
  secretVar,
  stringVar,
  urlVar,
} from '@mdp/runtime/config-vars';
import { httpLimitsShape } from '@mdp/runtime/http-limits';
import { kafkaVars } from '@mdp/runtime/kafka-config';
import { z } from 'zod';
import { isOrigin } from './http/cors';

export { SLOW_CLIENT_POLICIES, type SlowClientPolicy } from '@mdp/contracts/stream-request';

/** Every variable the gateway reads; the README's table is generated from this shape. */
export const configShape = {
  // The KAFKA_* settings every service shares (runtime's kafka-config).
  kafka: kafkaVars({ clientId: 'dynamic-gateway' }),
  namespace: stringVar('TOPIC_NAMESPACE', { default: '', description: 'prefix of every topic (tests)' }),
  httpPort: portVar('HTTP_PORT', { default: 8080, description: 'apps API, /healthz, /readyz, /metrics' }),
  httpLimits: httpLimitsShape(),
  logLevel: logLevelVar(),
  gatewayId: optional(
    stringVar('GATEWAY_ID', { pattern: /^[a-zA-Z0-9._-]{1,100}$/, description: 'default: host-pid-random' }),
  ),
  apiKeys: secretVar('GATEWAY_API_KEYS', { description: 'comma list of key:appId (keys >= 16 chars)' }),
  adminToken: optional(
    secretVar('GATEWAY_ADMIN_TOKEN', {
      description:
        'Bearer token of GET /admin/machines and POST /admin/machines/<id>/reset; unset disables them (503)',
    }),
  ),
  // Pages in browsers: which origins may call the gateway, and the short-lived tokens they hold.
  browser: {
    corsOrigins: optional(
      listVar('GATEWAY_CORS_ORIGINS', {
        item: z
          .string()
          .refine(isOrigin, 'each origin must be scheme://host[:port] as browsers send it (no path, no *)'),
        description:
          'comma list of origins whose pages may call the gateway (CORS, exact match); unset: none',
      }),
    ),
    tokenTtlMs: durationVar('GATEWAY_TOKEN_TTL_MS', {
      default: 300_000,
      min: 10_000,
      max: 3_600_000,
      description: 'lifetime of a token from POST /v1/tokens (10000 to 3600000)',
    }),
    tokenSecret: optional(
      secretVar('GATEWAY_TOKEN_SECRET', {
        description:
          'HMAC-SHA256 key of tokens (>= 32 chars), the same on every replica; unset: a random one per process (tokens die with it)',
      }),
    ),
  },
  readerMaxAttempts: intVar('GATEWAY_READER_MAX_ATTEMPTS', {
    default: 0,
    min: 0,
    max: 1_000_000,
    description:
      'failed subscriptions in a row after which a topic reader gives up and stays in its error state until RESET (POST /admin/machines/reader:<topic>/reset); 0 = retry forever',
  }),
  slowClient: {
    policy: enumVar('GATEWAY_SLOW_CLIENT_POLICY', SLOW_CLIENT_POLICIES, {
      default: 'drop-oldest',
      description: 'default policy; a subscription may choose its own',
    }),
    bufferMessages: intVar('GATEWAY_CLIENT_BUFFER_MESSAGES', {
      min: 1,
      max: 100_000,
      default: 1000,
      description: 'messages a client may lag behind before its policy applies',
    }),
    socketHighWaterBytes: intVar('GATEWAY_SOCKET_HIGH_WATER_BYTES', {
      min: 1024,
      max: 64 * 1024 * 1024,
      default: 256 * 1024,
      description: 'bytes queued on a socket before the gateway stops writing to it',
    }),
  },
  topicBufferMessages: intVar('GATEWAY_TOPIC_BUFFER_MESSAGES', {
    min: 10,
    max: 1_000_000,
    default: 20_000,
    description: 'recent messages kept in memory per topic (shared by its clients)',
  }),
  topicBuffers: {
    bytesPerTopic: intVar('GATEWAY_TOPIC_BUFFER_BYTES', {
      min: 64 * 1024,
      max: 1024 * 1024 * 1024,
      default: 8 * 1024 * 1024,
      description: 'bytes of recent messages kept per topic (reserved when the topic starts)',
    }),
    totalBytes: intVar('GATEWAY_TOPIC_BUFFERS_TOTAL_BYTES', {
      min: 64 * 1024,
      max: 64 * 1024 * 1024 * 1024,
      default: 1024 * 1024 * 1024,
      description: 'all topic buffers together; a new topic beyond it gets 503 capacity_exhausted',
    }),
  },
  limits: {
    connectionsPerApp: intVar('GATEWAY_MAX_CONNECTIONS_PER_APP', {
      min: 1,
      max: 100_000,
      default: 100,
      description: 'open SSE streams + WebSockets of one app (beyond: 429)',
    }),
    subscriptionsPerApp: intVar('GATEWAY_MAX_SUBSCRIPTIONS_PER_APP', {
      min: 1,
      max: 100_000,
      default: 200,
      description: 'SSE streams + WebSocket subscriptions + webhooks of one app (beyond: 429)',
    }),
    historyReaders: intVar('GATEWAY_MAX_HISTORY_READERS', {
      min: 1,
      max: 1000,
      default: 32,
      description: 'concurrent catch-up reads of positions older than the in-memory buffer',
    }),
    pendingRequestsPerApp: intVar('GATEWAY_MAX_PENDING_REQUESTS_PER_APP', {
      min: 1,
      max: 10_000,
      default: 20,
      description: 'requests of one app waiting for the coordinator to create a topic (beyond: 429)',
    }),
    bodyBytes: intVar('GATEWAY_MAX_BODY_BYTES', {
      min: 256,
      max: 1024 * 1024,
      default: 64 * 1024,
      description: 'largest JSON request body (beyond: 413)',
    }),
    wsFrameBytes: intVar('GATEWAY_WS_MAX_FRAME_BYTES', {
      min: 256,
      max: 1024 * 1024,
      default: 16 * 1024,
      description: 'largest client WebSocket frame (beyond: close 1009)',
    }),
    wsMalformedFrames: intVar('GATEWAY_WS_MAX_MALFORMED_FRAMES', {
      min: 1,
      max: 1000,
      default: 5,
      description: 'invalid frames answered with error frames before close 1008',
    }),
  },
  // Inbound WebSocket frames (text, ping, pong) per socket and per app; beyond: rate_limited, close 1008.
  wsFrameRate: {
    socketPerSecond: intVar('GATEWAY_WS_FRAMES_PER_SECOND', {
      min: 1,
      max: 100_000,
      default: 50,
      description: 'frames one WebSocket may send per second, on average',
    }),
    socketBurst: intVar('GATEWAY_WS_FRAMES_BURST', {
      min: 1,
      max: 1_000_000,
      default: 200,
      description: 'frames one WebSocket may send at once (e.g. many subscribes after connecting)',
    }),
    appPerSecond: intVar('GATEWAY_WS_APP_FRAMES_PER_SECOND', {
      min: 1,
      max: 1_000_000,
      default: 500,
      description: 'frames all WebSockets of one app may send per second, on average',
    }),
    appBurst: intVar('GATEWAY_WS_APP_FRAMES_BURST', {
      min: 1,
      max: 10_000_000,
      default: 2000,
      description: 'frames all WebSockets of one app may send at once',
    }),
  },
  timing: {
    activationTimeoutMs: durationVar('GATEWAY_ACTIVATION_TIMEOUT_MS', {
      default: 15_000,
      min: 100,
      description: 'wait for the coordinator to activate a requested topic (beyond: 504)',
    }),
    readerReadyTimeoutMs: durationVar('GATEWAY_READER_READY_TIMEOUT_MS', {
      default: 15_000,
      min: 100,
      description:
        'wait for a topic reader to be positioned (beyond: 503); also the registry catch-up at start',
    }),
    readerIdleMs: durationVar('GATEWAY_READER_IDLE_MS', {
      default: 30_000,
      description: 'how long a topic reader with no clients keeps running',
    }),
    fetchMaxWaitMs: durationVar('GATEWAY_FETCH_MAX_WAIT_MS', {
      default: 100,
      min: 1,
      max: 10_000,
      description: 'longest a fetch waits for data (latency of a quiet topic)',
    }),
    catchUpQueueMs: durationVar('GATEWAY_CATCH_UP_QUEUE_TIMEOUT_MS', {
      default: 10_000,
      min: 0,
      description: 'wait for a free catch-up reader (beyond: 503 too_many_catch_up_reads)',
    }),
    catchUpStallMs: durationVar('GATEWAY_CATCH_UP_STALL_TIMEOUT_MS', {
      default: 30_000,
      min: 10,
      description: 'a catch-up client that reads nothing this long loses its reader (catch_up_stalled)',
    }),
    heartbeatIntervalMs: durationVar('GATEWAY_HEARTBEAT_INTERVAL_MS', {
      default: 10_000,
      min: 100,
      description: 'SubscriberHeartbeat period',
    }),
    sseKeepAliveMs: durationVar('GATEWAY_SSE_KEEPALIVE_MS', {
      default: 15_000,
      min: 100,
      description: 'SSE comment line period (keeps proxies from closing idle streams)',
    }),
    wsPingIntervalMs: durationVar('GATEWAY_WS_PING_INTERVAL_MS', {
      default: 30_000,
      min: 100,
      description: 'WebSocket ping period; no pong by the next ping terminates the socket',
    }),
    retryBaseMs: durationVar('GATEWAY_RETRY_BASE_MS', {
      default: 500,
      min: 1,
      description: 'first topic reader backoff',
    }),
    retryMaxMs: durationVar('GATEWAY_RETRY_MAX_MS', {
      default: 30_000,
      min: 1,
      description: 'longest topic reader backoff',
    }),
  },
  history: {
    databaseUrl: optional(
      urlVar('HISTORY_DATABASE_URL', {
        protocols: ['postgres:', 'postgresql:'],
        sensitive: true,
        description: 'read-only role on the fixed-sink database; unset: /v1/history answers 503',
      }),
    ),
    poolSize: intVar('HISTORY_DB_POOL_SIZE', {
      min: 1,
      max: 100,
      default: 10,
      description: 'history connections',
    }),
    statementTimeoutMs: durationVar('HISTORY_STATEMENT_TIMEOUT_MS', {
      default: 5_000,
      min: 10,
      max: 600_000,
      description: 'longest history query (beyond: 503 history_timeout)',
    }),
    maxPageRows: intVar('HISTORY_MAX_PAGE_ROWS', {
      min: 10,
      max: 100_000,
      default: 5_000,
      description: 'largest `limit` of one history page',
    }),
    ratePerSecond: intVar('HISTORY_RATE_PER_SECOND', {
      min: 1,
      max: 100_000,
      default: 50,
      description: 'history requests per second per app (burst: twice as many; beyond: 429)',
    }),
  },
  webhook: {
    maxAttempts: intVar('WEBHOOK_MAX_ATTEMPTS', {
      min: 1,
      max: 100,
      default: 6,
      description: 'POSTs of one batch before it is given up',
    }),
    timeoutMs: durationVar('WEBHOOK_TIMEOUT_MS', {
      default: 5_000,
      min: 10,
      description: 'one POST, connect to response',
    }),
    batchMessages: intVar('WEBHOOK_BATCH_MESSAGES', {
      min: 1,
      max: 10_000,
      default: 500,
      description: 'most messages in one POST',
    }),
    lingerMs: durationVar('WEBHOOK_LINGER_MS', {
      default: 200,
      min: 0,
      description: 'wait for a batch to fill',
    }),
    retryBaseMs: durationVar('WEBHOOK_RETRY_BASE_MS', {
      default: 500,
      min: 1,
      description: 'first retry delay',
    }),
    retryMaxMs: durationVar('WEBHOOK_RETRY_MAX_MS', {
      default: 30_000,
      min: 1,
      description: 'longest retry delay',
    }),
    disableAfterFailedBatches: intVar('WEBHOOK_DISABLE_AFTER_FAILED_BATCHES', {
      min: 1,
      max: 10_000,
      default: 10,
      description: 'consecutive given-up batches that disable a webhook',
    }),
    allowPrivateHosts: boolVar('WEBHOOK_ALLOW_PRIVATE_HOSTS', {
      default: false,
      description: 'allow loopback/private webhook targets; reserved ones stay refused (local dev, tests)',
    }),
  },
};
