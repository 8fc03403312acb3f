import { type DynamicTopicSpec, normalizeSpec } from '@mdp/contracts/dynamic-spec';
import { AGGREGATE_MARKET } from '@mdp/contracts/symbols';
import { isValidNamespace } from '@mdp/contracts/topic-names';
import { ConfigError, type ConfigOf, type Env, loadConfig as load } from '@mdp/runtime/config';
import {
  boolVar,
  customVar,
  durationVar,
  intVar,
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
import { type Pair, pairId, pairListText, parsePair, uniquePairs } from './pairs';

const pairList = z.string().transform((raw, ctx): Pair[] => {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const bad = items.filter((s) => parsePair(s) === null);
  if (bad.length > 0)
    ctx.addIssue({
      code: 'custom',
      message: `not pairs like BTC-USD or COINBASE:BTC-USD: ${bad.slice(0, 5).join(', ')}`,
    });
  return uniquePairs(items.map(parsePair).filter((p): p is Pair => p !== null));
});

const specList = z.string().transform((raw, ctx): DynamicTopicSpec[] => {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of dynamic topic specs' });
    return [];
  }
  if (!Array.isArray(json)) {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of dynamic topic specs' });
    return [];
  }
  return json.flatMap((item, i) => {
    const spec = normalizeSpec(item);
    if (!spec.ok) ctx.addIssue({ code: 'custom', message: `spec ${i}: ${spec.error.message}` });
    return spec.ok ? [spec.value] : [];
  });
});

/** The sources the producer can run (sources/*); README "Adding a data source". */
export const SOURCE_NAMES = ['cryptocompare', 'coinbase', 'coindesk'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

const sourceList = z.string().transform((raw, ctx): SourceName[] => {
  const items = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s.length > 0),
    ),
  ];
  const bad = items.filter((s) => !(SOURCE_NAMES as readonly string[]).includes(s));
  if (bad.length > 0 || items.length === 0)
    ctx.addIssue({ code: 'custom', message: `one or more of ${SOURCE_NAMES.join(', ')}` });
  return items.filter((s): s is SourceName => (SOURCE_NAMES as readonly string[]).includes(s));
});

/** Coinbase Exchange products `BTC-USD`; published under market COINBASE. */
const coinbasePairList = pairList.transform((pairs, ctx) => {
  const named = pairs.filter((p) => p.market !== AGGREGATE_MARKET && p.market !== 'COINBASE');
  if (named.length > 0)
    ctx.addIssue({ code: 'custom', message: 'Coinbase products are BASE-QUOTE (no market)' });
  return pairs.map((p) => ({ ...p, market: 'COINBASE' }));
});

const namespace = z.string().refine(isValidNamespace, 'must be lowercase [a-z0-9-], at most 40 characters');

/** Every variable the producer reads (README lists them with their defaults). */
export const configShape = {
  sourceNames: customVar('PRODUCER_SOURCES', sourceList, {
    default: ['cryptocompare'],
    description: 'sources to run, comma list: cryptocompare, coinbase, coindesk (each with its own pairs)',
  }),
  coindesk: {
    baseUrl: urlVar('COINDESK_BASE_URL', {
      default: 'https://data-api.coindesk.com',
      description: 'CoinDesk Data API REST base (the simulator: http://127.0.0.1:8090/coindesk)',
    }),
    apiKey: optional(
      secretVar('COINDESK_API_KEY', { description: 'CoinDesk Data API key, sent as Authorization: Apikey' }),
    ),
    market: customVar('COINDESK_MARKET', z.enum(['cadli', 'ccix']), {
      default: 'cadli',
      description: 'index family of the instruments: cadli or ccix',
    }),
    pairs: customVar('COINDESK_PAIRS', pairList, {
      default: [
        { market: AGGREGATE_MARKET, base: 'BTC', quote: 'USD' },
        { market: AGGREGATE_MARKET, base: 'ETH', quote: 'USD' },
      ],
      showDefault: (pairs) => pairListText(pairs),
      description: 'index instruments when the coindesk source runs, e.g. BTC-USD (market CADLI or CCIX)',
    }),
    wsUrl: urlVar('COINDESK_WS_URL', {
      default: 'wss://data-streamer.coindesk.com/',
      protocols: ['ws:', 'wss:'],
      description: 'CoinDesk data-streamer WebSocket (the simulator: ws://127.0.0.1:8090/coindesk/streamer)',
    }),
    wsSyntax: customVar('COINDESK_WS_SYNTAX', z.enum(['subscribe', 'sub_add']), {
      default: 'subscribe',
      description:
        'streamer subscription syntax: subscribe (SUBSCRIBE/instruments, 2024-25 clients) or sub_add (SUB_ADD/subscriptions, 2023 SDK); which is current is unconfirmed',
    }),
    ratePerSecond: intVar('COINDESK_RATE_PER_SECOND', {
      default: 5,
      min: 1,
      max: 1_000,
      description: 'CoinDesk REST calls per second (the key plan sets the real limit)',
    }),
  },
  coinbase: {
    restUrl: urlVar('COINBASE_REST_URL', {
      default: 'https://api.exchange.coinbase.com',
      description: 'Coinbase Exchange REST base (keyless; the simulator: http://127.0.0.1:8090/coinbase)',
    }),
    wsUrl: urlVar('COINBASE_WS_URL', {
      default: 'wss://ws-feed.exchange.coinbase.com',
      protocols: ['ws:', 'wss:'],
      description: 'Coinbase Exchange WebSocket feed (the simulator: ws://127.0.0.1:8090/coinbase/ws)',
    }),
    pairs: customVar('COINBASE_PAIRS', coinbasePairList, {
      default: [
        { market: 'COINBASE', base: 'BTC', quote: 'USD' },
        { market: 'COINBASE', base: 'ETH', quote: 'USD' },
      ],
      showDefault: (pairs) => pairListText(pairs, 'COINBASE'),
      description: 'Coinbase products when the coinbase source runs, e.g. BTC-USD,ETH-USD (market COINBASE)',
    }),
    ratePerSecond: intVar('COINBASE_RATE_PER_SECOND', {
      default: 3,
      min: 1,
      max: 100,
      description: 'REST calls per second (Coinbase documents 10/s per IP for public endpoints)',
    }),
  },
  cryptocompare: {
    baseUrl: urlVar('CRYPTOCOMPARE_BASE_URL', {
      default: 'https://min-api.cryptocompare.com',
      description: 'REST base URL (the simulator: http://127.0.0.1:8090)',
    }),
    wsUrl: urlVar('CRYPTOCOMPARE_WS_URL', {
      default: 'wss://streamer.cryptocompare.com/v2',
      protocols: ['ws:', 'wss:'],
      description: 'streamer v2 URL',
    }),
    apiKey: optional(
      secretVar('CRYPTOCOMPARE_API_KEY', { description: 'API key, sent as Authorization: Apikey' }),
    ),
    httpTimeoutMs: durationVar('PRODUCER_HTTP_TIMEOUT_MS', {
      default: 10_000,
      min: 100,
      max: 120_000,
      description: 'timeout of one REST call',
    }),
    maxBodyBytes: intVar('PRODUCER_HTTP_MAX_BODY_BYTES', {
      default: 8_000_000,
      min: 1024,
      max: 100_000_000,
      description: 'larger REST bodies are refused',
    }),
  },
  pairs: customVar('PRODUCER_PAIRS', pairList, {
    default: [
      { market: 'CCCAGG', base: 'BTC', quote: 'USD' },
      { market: 'CCCAGG', base: 'ETH', quote: 'USD' },
    ],
    showDefault: (pairs) => pairListText(pairs),
    description: 'pairs to fetch, e.g. BTC-USD,ETH-USD (COINBASE:BTC-USD for an exchange)',
  }),
  sources: {
    rest: boolVar('PRODUCER_REST_ENABLED', { default: true, description: 'poll /data/pricemultifull' }),
    stream: boolVar('PRODUCER_STREAM_ENABLED', {
      default: true,
      description: 'stream type-5/2 and type-24 channels',
    }),
    candles: boolVar('PRODUCER_CANDLES_ENABLED', {
      default: true,
      description: 'publish minute candles (stream type 24 and histominute backfill)',
    }),
  },
  pollIntervalMs: durationVar('PRODUCER_POLL_INTERVAL_MS', {
    default: 10_000,
    min: 250,
    max: 3_600_000,
    description: 'pricemultifull poll interval',
  }),
  candlePollIntervalMs: durationVar('PRODUCER_CANDLE_POLL_INTERVAL_MS', {
    default: 60_000,
    min: 1_000,
    max: 3_600_000,
    description: 'histominute poll interval while the stream is down or disabled',
  }),
  backfillLookbackMs: durationVar('PRODUCER_BACKFILL_LOOKBACK_MS', {
    default: 3_600_000,
    min: 60_000,
    max: 7 * 86_400_000,
    description: 'candles filled at start for a pair with none on the topic (max 7 days, what the API keeps)',
  }),
  streamBatchMs: durationVar('PRODUCER_STREAM_BATCH_MS', {
    default: 100,
    min: 0,
    max: 10_000,
    description: 'how long stream frames gather before a cycle publishes them',
  }),
  streamBufferMax: intVar('PRODUCER_STREAM_BUFFER_MAX', {
    default: 100_000,
    min: 100,
    max: 10_000_000,
    description: 'buffered stream ticks while publishing is stalled (oldest dropped beyond)',
  }),
  heartbeatMs: durationVar('PRODUCER_STREAM_HEARTBEAT_MS', {
    default: 30_000,
    min: 100,
    max: 600_000,
    description: 'streamer heartbeat period; two missed = dead connection',
  }),
  reconnectMinMs: durationVar('PRODUCER_STREAM_RECONNECT_MIN_MS', {
    default: 5_000,
    min: 5_000,
    max: 600_000,
    description: 'least time between connection attempts (at least 5 s)',
  }),
  reconnectMaxMs: durationVar('PRODUCER_STREAM_RECONNECT_MAX_MS', {
    default: 60_000,
    min: 5_000,
    max: 3_600_000,
    description: 'longest backoff between connection attempts',
  }),
  maxSubscriptions: intVar('PRODUCER_STREAM_MAX_SUBSCRIPTIONS', {
    default: 600,
    min: 1,
    max: 100_000,
    description: 'subscriptions per socket allowed by the key',
  }),
  rate: {
    perSecond: intVar('PRODUCER_RATE_PER_SECOND', {
      default: 15,
      min: 1,
      max: 10_000,
      description: 'REST calls per second budget',
    }),
    perMinute: intVar('PRODUCER_RATE_PER_MINUTE', {
      default: 250,
      min: 1,
      max: 1_000_000,
      description: 'REST calls per minute budget',
    }),
    perHour: intVar('PRODUCER_RATE_PER_HOUR', {
      default: 2_500,
      min: 1,
      max: 10_000_000,
      description: 'REST calls per hour budget',
    }),
  },
  failedPairRetryMs: durationVar('PRODUCER_FAILED_PAIR_RETRY_MS', {
    default: 600_000,
    min: 1_000,
    max: 86_400_000,
    description: 'how long a pair the API refused is left out',
  }),
  dynamicSpecs: customVar('PRODUCER_DYNAMIC_SPECS', specList, {
    default: [],
    description: 'JSON array of dynamic topic specs requested at start',
  }),
  producerId: stringVar('PRODUCER_ID', {
    default: 'producer',
    pattern: /^[a-zA-Z0-9._-]{1,64}$/,
    description: 'id in PublishStarted/Stopped and the appId of topic requests',
  }),
  retry: {
    baseMs: durationVar('PRODUCER_RETRY_BASE_MS', {
      default: 500,
      min: 1,
      max: 60_000,
      description: 'first retry delay after an error',
    }),
    maxMs: durationVar('PRODUCER_RETRY_MAX_MS', {
      default: 30_000,
      min: 1,
      max: 3_600_000,
      description: 'retry delay cap',
    }),
    maxConsecutiveFailures: intVar('PRODUCER_MAX_CONSECUTIVE_FAILURES', {
      default: 0,
      min: 0,
      max: 1_000_000,
      description: '0 = retry forever; otherwise stay in error (RESET) after this many',
    }),
  },
  // The start-up budget for retriable Kafka errors just after the topics are created (leaders not
  // elected yet); spent, the start fails and the service exits 1 for its supervisor to restart.
  startRetry: {
    attempts: intVar('PRODUCER_START_RETRY_ATTEMPTS', {
      default: 8,
      min: 1,
      max: 1_000,
      description:
        'tries in all of each Kafka start-up step (registry reader, candle resume) before the start fails (exit 1)',
    }),
    baseMs: durationVar('PRODUCER_START_RETRY_BASE_MS', {
      default: 200,
      min: 1,
      max: 60_000,
      description: 'first wait between Kafka start-up tries',
    }),
    maxMs: durationVar('PRODUCER_START_RETRY_MAX_MS', {
      default: 5_000,
      min: 1,
      max: 600_000,
      description: 'cap of the wait between Kafka start-up tries',
    }),
  },
  kafka: {
    // The KAFKA_* settings every service shares (runtime's kafka-config).
    ...kafkaVars({ clientId: 'producer' }),
    lingerMs: durationVar('PRODUCER_LINGER_MS', {
      default: 5,
      min: 0,
      max: 1_000,
      description: 'producer batching linger',
    }),
    partitions: intVar('PRODUCER_FIXED_TOPIC_PARTITIONS', {
      default: 6,
      min: 1,
      max: 1000,
      description: 'partitions of the fixed topics when the producer creates them',
    }),
  },
  topicNamespace: customVar('TOPIC_NAMESPACE', namespace, {
    default: '',
    description: 'prefix of every topic',
  }),
  httpPort: portVar('HTTP_PORT', {
    default: 9101,
    description: '/healthz, /readyz, /metrics, GET /admin/machines, POST /admin/machines/producer/reset',
  }),
  httpLimits: httpLimitsShape(),
  adminToken: optional(
    secretVar('PRODUCER_ADMIN_TOKEN', {
      description:
        'Bearer token of the admin routes (GET /admin/machines, POST /admin/machines/producer/reset); unset disables them (503)',
    }),
  ),
  logLevel: logLevelVar(),
};

export type ProducerConfig = ConfigOf<typeof configShape>;

/** Reads and validates the environment once; throws a ConfigError listing every problem. */
export function loadConfig(env: Env): ProducerConfig {
  const config = load(configShape, env);
  // One pair, one source: two sources writing the same key would revise each other's candles.
  if (config.sourceNames.includes('cryptocompare') && config.sourceNames.includes('coinbase')) {
    const coinbase = new Set(config.coinbase.pairs.map(pairId));
    const both = config.pairs.map(pairId).filter((id) => coinbase.has(id));
    if (both.length > 0)
      throw new ConfigError([
        { variable: 'PRODUCER_PAIRS', reason: `also served by the coinbase source: ${both.join(', ')}` },
      ]);
  }
  return config;
}
