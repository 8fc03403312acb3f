/**
 * The topics' messages in a valid-looking form, for the Kafka record generator to break: one per
 * family of topics the services consume.
 */
export type TopicFamily =
  | 'market-ticks'
  | 'market-candles'
  | 'requests'
  | 'registry'
  | 'events'
  | 'dyn-ticks';

const SPEC = { kind: 'ticks', symbols: ['BTC'], quote: 'USD' };
const tick = {
  market: 'CCCAGG',
  base: 'BTC',
  quote: 'USD',
  price: 1,
  ts: 1_700_000_000_000,
  tradeId: 'f',
  flags: null,
  origin: 'stream',
};
const candle = {
  market: 'CCCAGG',
  base: 'BTC',
  quote: 'USD',
  start: 1_700_000_000_000,
  open: 1,
  high: 1,
  low: 1,
  close: 1,
};

/** A valid-looking message for the family (to mutate), with the data fields a mutation may break. */
export function template(
  family: TopicFamily,
  fuzzId: string,
  at: string,
): { envelope: Record<string, unknown>; fields: string[] } {
  const envelope = (type: string, data: Record<string, unknown>) => ({
    type,
    version: 1,
    id: fuzzId,
    at,
    source: 'fuzz',
    data,
  });
  switch (family) {
    case 'market-ticks':
    case 'dyn-ticks':
      return {
        envelope: envelope('PriceTick', tick),
        fields: ['market', 'base', 'price', 'ts', 'tradeId', 'origin'],
      };
    case 'market-candles':
      return { envelope: envelope('Candle1m', candle), fields: ['market', 'start', 'open', 'close'] };
    case 'requests':
      // requestId is the fuzz id: a rejection event naming it is this record's answer.
      return {
        envelope: envelope('RequestTopic', { requestId: fuzzId, appId: 'fuzz', spec: SPEC }),
        fields: ['spec', 'appId'],
      };
    case 'registry':
      return {
        envelope: envelope('TopicRecord', {
          topic: `dyn.fuzz.${fuzzId}`,
          spec: SPEC,
          status: 'active',
          partitions: 1,
          retentionMs: 60_000,
          createdAt: at,
          updatedAt: at,
          requestedBy: ['fuzz'],
          lastRequestId: null,
          reason: null,
        }),
        fields: ['spec', 'status', 'partitions', 'retentionMs', 'requestedBy', 'reason'],
      };
    case 'events':
      return {
        envelope: envelope('SubscriberHeartbeat', { gatewayId: 'fuzz', intervalMs: 500, topics: [] }),
        fields: ['gatewayId', 'intervalMs', 'topics'],
      };
  }
}
