// The platform's contract types, re-exported as types only: nothing of @mdp/contracts (or zod)
// reaches the JavaScript a browser loads.
export type { DynamicTopicSpec, DynamicTopicSpecInput, FieldIssue } from '@mdp/contracts/dynamic-spec';
export type {
  Candle,
  CandleMessage,
  MarketDataMessage,
  PriceTick,
  PriceTickMessage,
} from '@mdp/contracts/market-data';

import type { DynamicTopicSpecInput } from '@mdp/contracts/dynamic-spec';
import type { Candle, CandleMessage, MarketDataMessage, PriceTickMessage } from '@mdp/contracts/market-data';

/** What a stream asks for (`{kind, symbols, quote, market?, samplingMs?}`); the gateway validates it. */
export type StreamSpec = Omit<DynamicTopicSpecInput, 'symbols'> & { symbols: readonly string[] };

/** A one-minute candle (the `Candle1m` envelope's data). */
export type Candle1m = Candle;

/**
 * A stream position: the next offset of every partition joined by `.` in partition order
 * (`"42.0.17"`). Resuming from a message's position delivers exactly what came after it.
 */
export type Position = string;

/** Every error the gateway answers: `{"error":{"code","message", ...details}}`. */
export type ErrorBody = {
  error: {
    code: string;
    message: string;
    issues?: Array<{ path: string; message: string }>;
    [k: string]: unknown;
  };
};

/** What a stream of this kind carries: ticks → PriceTick envelopes, candles → Candle1m envelopes. */
export type EnvelopeOfKind<K> = K extends 'ticks'
  ? PriceTickMessage
  : K extends 'candles.1m'
    ? CandleMessage
    : MarketDataMessage;

/** One live message of a stream. */
export type StreamMessage<E = MarketDataMessage> = {
  topic: string;
  /**
   * Where to resume to get what came after this message. Over SSE it is the message's own
   * position; a WebSocket data frame carries a batch and gives one position, after its last
   * message, to every message of the batch.
   */
  position: Position;
  data: E;
};

/** Messages the gateway could not deliver (slow-client policy, retention): `from` → `to`. */
export type GapEvent = { topic: string; from: Position; to: Position; dropped: number; conflated: number };

/** A history candle as `/v1/history/candles` and snapshots give it (times in epoch ms). */
export type HistoryCandle = Omit<Candle, 'origin'>;

/** A stored tick as `/v1/history/ticks` and snapshots give it: the live PriceTick's fields. */
export type HistoryTick = {
  market: string;
  base: string;
  quote: string;
  ts: number;
  tradeId: string;
  price: number;
} & {
  [field: string]: string | number | null;
};

/** The rows a snapshot-then-live stream starts with (all before `seam`, epoch ms). */
export type Snapshot = {
  topic: string;
  seam: number;
  kind: 'ticks' | 'candles.1m';
  data: Array<HistoryCandle | HistoryTick>;
};
