import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import type { Delivery } from './dynamic/router';

/** One cycle's data: what a poll or a stream batch produced, already deduplicated and routed. */
export type Batch = { ticks: PriceTick[]; candles: Candle[]; dynamic: Delivery[] };

export type Step = 'fetch' | 'publishFixed' | 'publishDynamic' | 'createTopic';

/** What failed, for logs, metrics and the retry delay. Messages are already free of secrets. */
export type Failure = { step: Step; kind: string; message: string; retryAfterMs: number };

export type RetryPolicy = {
  baseMs: number;
  maxMs: number /** 0 = never give up */;
  maxConsecutiveFailures: number;
};

export type ProducerInput = {
  /** Specs from the producer's config: requested on control.requests.v1 at start (creatingTopic). */
  topicSpecs: DynamicTopicSpec[];
  namespace: string;
  retry: RetryPolicy;
};

export type ProducerContext = {
  currentData: Batch | null;
  fixedPublished: boolean;
  pendingTopicSpecs: DynamicTopicSpec[];
  newTopicName: string | null;
  errorInfo: Failure | null;
  attempt: number;
  fetchRequested: boolean;
  stopRequested: boolean;
  namespace: string;
  retry: RetryPolicy;
};

export type FailureEventPayload = Omit<Failure, 'step'>;

export type ProducerEvent =
  | { type: 'FETCH_DATA' }
  | { type: 'DATA_READY'; data: Batch }
  | { type: 'FETCH_FAILURE'; error: FailureEventPayload }
  | { type: 'PUBLISH_FIXED' }
  | { type: 'PUBLISH_DYNAMIC' }
  | { type: 'PUBLISH_SUCCESS' }
  | { type: 'PUBLISH_FAILURE'; error: FailureEventPayload }
  | { type: 'CREATE_TOPIC'; spec: DynamicTopicSpec }
  | { type: 'CREATE_TOPIC_SUCCESS' }
  | { type: 'CREATE_TOPIC_FAILURE'; error: FailureEventPayload }
  | { type: 'RESET' }
  | { type: 'STOP' };

/** Reads the fields a thrown error may carry (ApiError: kind, details.retryAfterMs) without trusting it. */
export function failureOf(error: unknown): FailureEventPayload {
  const e = error as {
    name?: unknown;
    message?: unknown;
    kind?: unknown;
    details?: { retryAfterMs?: unknown };
  };
  const retryAfter = e?.details?.retryAfterMs;
  return {
    kind: typeof e?.kind === 'string' ? e.kind : typeof e?.name === 'string' ? e.name : 'unknown',
    message: typeof e?.message === 'string' ? e.message.slice(0, 500) : String(error).slice(0, 500),
    retryAfterMs: typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter : 0,
  };
}

export function isEmptyBatch(b: Batch): boolean {
  return b.ticks.length === 0 && b.candles.length === 0 && b.dynamic.length === 0;
}
