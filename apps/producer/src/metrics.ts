import { counter, gauge, type Registry } from '@mdp/runtime/metrics';

/** The producer's own metrics (the runtime adds producer_messages_total and Node's defaults). */
export function createProducerMetrics(registry: Registry) {
  const newestTickTs = new Map<string, number>();
  const m = {
    ticksFetched: counter(registry, {
      name: 'producer_ticks_fetched_total',
      help: 'Valid ticks read from the API, per source (rest/stream) and pair',
      labelNames: ['source', 'pair'],
    }),
    ticksPublished: counter(registry, {
      name: 'producer_ticks_published_total',
      help: 'Ticks acknowledged on the ticks topic, per source and pair',
      labelNames: ['source', 'pair'],
    }),
    ticksDropped: counter(registry, {
      name: 'producer_ticks_not_published_total',
      help: 'Ticks not published: duplicate of the last published, or older than it',
      labelNames: ['reason'],
    }),
    candlesFetched: counter(registry, {
      name: 'producer_candles_fetched_total',
      help: 'Valid candles read from the API, per source and pair',
      labelNames: ['source', 'pair'],
    }),
    candlesPublished: counter(registry, {
      name: 'producer_candles_published_total',
      help: 'Candles acknowledged on the candles topic, per source and pair',
      labelNames: ['source', 'pair'],
    }),
    candlesDuplicate: counter(registry, {
      name: 'producer_candles_duplicate_total',
      help: 'Candles identical to the published one of their minute',
    }),
    skipped: counter(registry, {
      name: 'producer_payloads_skipped_total',
      help: 'Payloads that could not become a valid tick or candle',
      labelNames: ['kind', 'reason'],
    }),
    apiErrors: counter(registry, {
      name: 'producer_api_errors_total',
      help: 'REST errors by type (rate_limited, bad_pair, timeout, server_error, invalid_json...)',
      labelNames: ['type'],
    }),
    rateLimitWaits: counter(registry, {
      name: 'producer_rate_limit_waits_total',
      help: 'Waits for a rate limit: client budget or the server saying so',
      labelNames: ['reason'],
    }),
    rateLimitWaitSeconds: counter(registry, {
      name: 'producer_rate_limit_wait_seconds_total',
      help: 'Time spent waiting for rate limits',
      labelNames: ['reason'],
    }),
    restCalls: counter(registry, {
      name: 'producer_rest_polls_total',
      help: 'REST poll and backfill runs',
      labelNames: ['endpoint'],
    }),
    backfilledCandles: counter(registry, {
      name: 'producer_backfilled_candles_total',
      help: 'Candles fetched to fill holes',
      labelNames: ['pair'],
    }),
    streamReconnects: counter(registry, {
      name: 'producer_stream_reconnects_total',
      help: 'Streamer connection attempts after the first',
    }),
    streamConnected: gauge(registry, {
      name: 'producer_stream_connected',
      help: '1 when the streamer socket is open',
    }),
    streamErrorFrames: counter(registry, {
      name: 'producer_stream_error_frames_total',
      help: 'Error frames from the streamer',
      labelNames: ['code', 'message'],
    }),
    streamInvalidFrames: counter(registry, {
      name: 'producer_stream_invalid_frames_total',
      help: 'Streamer frames that were not valid JSON objects',
      labelNames: ['reason'],
    }),
    streamHeartbeatsMissed: counter(registry, {
      name: 'producer_stream_dead_connections_total',
      help: 'Connections dropped after two missed heartbeats',
    }),
    streamOverflow: counter(registry, {
      name: 'producer_stream_buffer_overflow_total',
      help: 'Stream ticks dropped because publishing was stalled',
    }),
    pairsFetched: gauge(registry, {
      name: 'producer_pairs',
      help: 'Pairs fetched now (configured plus those dynamic topics need)',
    }),
    pairsFailed: gauge(registry, {
      name: 'producer_pairs_failed',
      help: 'Pairs the API refused, left out for a while',
    }),
    dynamicPublished: counter(registry, {
      name: 'producer_dynamic_messages_published_total',
      help: 'Messages published to dynamic topics, by prefix and kind (dyn.ticks)',
      labelNames: ['topic'],
    }),
    dynamicTopics: gauge(registry, {
      name: 'producer_dynamic_topics_active',
      help: 'Active dynamic topics being published to',
    }),
    cycles: counter(registry, { name: 'producer_cycles_total', help: 'Fetch-publish cycles completed' }),
    errors: counter(registry, {
      name: 'producer_machine_errors_total',
      help: 'Failures that sent the machine to its error state',
      labelNames: ['step', 'kind'],
    }),
    newestTickAge: gauge(registry, {
      name: 'producer_newest_tick_age_seconds',
      help: 'Age of the newest published tick per pair (its update time to now)',
      labelNames: ['pair'],
      collect() {
        const now = Date.now();
        for (const [pair, ts] of newestTickTs) this.set({ pair }, Math.max(0, (now - ts) / 1000));
      },
    }),
  };
  return {
    ...m,
    /** Records the update time of a published tick for the age gauge. */
    notePublishedTick(pair: string, ts: number): void {
      if ((newestTickTs.get(pair) ?? 0) < ts) newestTickTs.set(pair, ts);
    },
    forgetPair(pair: string): void {
      newestTickTs.delete(pair);
      m.newestTickAge.remove({ pair });
    },
  };
}

export type ProducerMetrics = ReturnType<typeof createProducerMetrics>;

const KNOWN_FRAME_MESSAGES =
  /^(UNAUTHORIZED|RATE_LIMIT_OPENING_SOCKETS_TOO_FAST|TOO_MANY_SOCKETS_MAX_\d+_PER_CLIENT|TOO_MANY_SUBSCRIPTIONS_MAX_\d+_PER_SOCKET|INVALID_JSON|INVALID_SUB|INVALID_PARAMETER|SUBSCRIPTION_UNRECOGNIZED|SUBSCRIPTION_ALREADY_ACTIVE|FORCE_DISCONNECT)$/;

/** Server text never becomes a label as is: unknown messages are counted as `other`. */
export function frameMessageLabel(message: string): string {
  return KNOWN_FRAME_MESSAGES.test(message) ? message : 'other';
}
