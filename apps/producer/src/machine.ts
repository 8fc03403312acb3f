import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import { retryDelayMs as backoffAfter, mayRetry } from '@mdp/runtime/retry';
import { assign, enqueueActions, fromCallback, fromPromise, raise, setup } from 'xstate';
import {
  type Batch,
  type Failure,
  failureOf,
  isEmptyBatch,
  type ProducerContext,
  type ProducerEvent,
  type ProducerInput,
  type Step,
} from './machine-types';

const notProvided = (name: string) => () => {
  throw new Error(`actor ${name} must be provided with machine.provide()`);
};

/** Exponential, capped, jittered (never below half the step); a rate limit's own wait wins if longer. */
export function retryDelayMs(context: ProducerContext, random: () => number = Math.random): number {
  return Math.max(backoffAfter(context.attempt, context.retry, random), context.errorInfo?.retryAfterMs ?? 0);
}

/**
 * The producer's control plane: the seed's states and events, one cycle per poll or stream batch.
 * Invoked actors do the I/O and report with the seed's events (DATA_READY, PUBLISH_SUCCESS...).
 * Drawn with its deviations from the seed chart marked: docs/diagrams/producer.svg.
 */
export const producerMachine = setup({
  types: {
    context: {} as ProducerContext,
    events: {} as ProducerEvent,
    input: {} as ProducerInput,
  },
  actors: {
    /** Sends FETCH_DATA when a poll is due or a stream batch is waiting. */
    waitForWork: fromCallback<ProducerEvent>(() => undefined),
    fetchData: fromPromise<Batch>(notProvided('fetchData')),
    publishFixed: fromPromise<void, { batch: Batch }>(notProvided('publishFixed')),
    publishDynamic: fromPromise<void, { batch: Batch }>(notProvided('publishDynamic')),
    createTopic: fromPromise<void, { spec: DynamicTopicSpec; topic: string }>(notProvided('createTopic')),
    drain: fromPromise<void, { unpublished: number }>(notProvided('drain')),
  },
  guards: {
    nothingUnpublished: ({ context }) => context.currentData === null,
    hasUnpublishedFixed: ({ context }) => context.currentData !== null && !context.fixedPublished,
    hasDynamicDeliveries: ({ context }) => (context.currentData?.dynamic.length ?? 0) > 0,
    batchIsEmpty: ({ event }) => event.type === 'DATA_READY' && isEmptyBatch(event.data),
    fetchRequested: ({ context }) => context.fetchRequested && !context.stopRequested,
    stopRequested: ({ context }) => context.stopRequested,
    mayRetry: ({ context }) =>
      mayRetry(context.attempt, { maxAttempts: context.retry.maxConsecutiveFailures }),
  },
  delays: {
    retryDelay: ({ context }) => retryDelayMs(context),
  },
  actions: {
    /** Idle never sits on work: unpublished data first, then a pending stop, then topic requests. */
    dispatchPendingWork: enqueueActions(({ context, enqueue }) => {
      const first = context.pendingTopicSpecs[0];
      if (context.currentData && !context.fixedPublished) enqueue.raise({ type: 'PUBLISH_FIXED' });
      else if (context.currentData) enqueue.raise({ type: 'PUBLISH_DYNAMIC' });
      else if (context.stopRequested) enqueue.raise({ type: 'STOP' });
      else if (first) enqueue.raise({ type: 'CREATE_TOPIC', spec: first });
    }),
    beginTopicRequest: assign(({ context, event }) => {
      if (event.type !== 'CREATE_TOPIC') return {};
      const topic = dynamicTopicName(event.spec, context.namespace);
      const known = context.pendingTopicSpecs.some((s) => dynamicTopicName(s, context.namespace) === topic);
      return {
        newTopicName: topic,
        pendingTopicSpecs: known ? context.pendingTopicSpecs : [event.spec, ...context.pendingTopicSpecs],
      };
    }),
    finishTopicRequest: assign(({ context }) => ({
      pendingTopicSpecs: context.pendingTopicSpecs.filter(
        (s) => dynamicTopicName(s, context.namespace) !== context.newTopicName,
      ),
      newTopicName: null,
      attempt: 0,
      errorInfo: null,
    })),
    storeBatch: assign(({ event }) =>
      event.type === 'DATA_READY' ? { currentData: event.data, fixedPublished: false } : {},
    ),
    markFixedPublished: assign({ fixedPublished: true }),
    completeCycle: assign({
      currentData: null,
      fixedPublished: false,
      attempt: 0,
      errorInfo: null,
      fetchRequested: false,
    }),
    requestFetch: assign({ fetchRequested: true }),
    requestStop: assign({ stopRequested: true }),
    clearFailure: assign({ attempt: 0, errorInfo: null }),
    recordFailure: assign(({ context, event }, params: { step: Step }) => {
      const payload = 'error' in event ? event.error : failureOf(undefined);
      const errorInfo: Failure = { step: params.step, ...payload };
      return { errorInfo, attempt: context.attempt + 1 };
    }),
  },
}).createMachine({
  id: 'producer',
  initial: 'idle',
  context: ({ input }) => ({
    currentData: null,
    fixedPublished: false,
    pendingTopicSpecs: [...input.topicSpecs],
    newTopicName: null,
    errorInfo: null,
    attempt: 0,
    fetchRequested: false,
    stopRequested: false,
    namespace: input.namespace,
    retry: input.retry,
  }),
  states: {
    idle: {
      entry: 'dispatchPendingWork',
      invoke: { id: 'waitForWork', src: 'waitForWork' },
      on: {
        FETCH_DATA: { guard: 'nothingUnpublished', target: 'fetchingData' },
        PUBLISH_FIXED: { guard: 'hasUnpublishedFixed', target: 'publishingFixed' },
        PUBLISH_DYNAMIC: { guard: 'hasDynamicDeliveries', target: 'publishingDynamic' },
        CREATE_TOPIC: { target: 'creatingTopic', actions: 'beginTopicRequest' },
        STOP: { target: 'stopping', actions: 'requestStop' },
      },
    },
    fetchingData: {
      invoke: {
        id: 'fetchData',
        src: 'fetchData',
        onDone: { actions: raise(({ event }) => ({ type: 'DATA_READY' as const, data: event.output })) },
        onError: {
          actions: raise(({ event }) => ({ type: 'FETCH_FAILURE' as const, error: failureOf(event.error) })),
        },
      },
      on: {
        DATA_READY: [
          { guard: 'batchIsEmpty', target: 'idle', actions: 'completeCycle' },
          { target: 'publishingFixed', actions: 'storeBatch' },
        ],
        FETCH_FAILURE: { target: 'error', actions: { type: 'recordFailure', params: { step: 'fetch' } } },
        // A fetch is bounded by the HTTP timeout: finish the cycle, publish it, then drain.
        STOP: { actions: 'requestStop' },
      },
    },
    publishingFixed: {
      invoke: {
        id: 'publishFixed',
        src: 'publishFixed',
        input: ({ context }) => ({ batch: context.currentData as Batch }),
        onDone: { actions: raise({ type: 'PUBLISH_SUCCESS' }) },
        onError: {
          actions: raise(({ event }) => ({
            type: 'PUBLISH_FAILURE' as const,
            error: failureOf(event.error),
          })),
        },
      },
      on: {
        PUBLISH_SUCCESS: [
          { guard: 'hasDynamicDeliveries', target: 'publishingDynamic', actions: 'markFixedPublished' },
          { guard: 'fetchRequested', target: 'fetchingData', actions: 'completeCycle' },
          { target: 'idle', actions: 'completeCycle' },
        ],
        PUBLISH_FAILURE: {
          target: 'error',
          actions: { type: 'recordFailure', params: { step: 'publishFixed' } },
        },
        // The seed's dotted FETCH_DATA edge: taken once the batch is out, never by abandoning it.
        FETCH_DATA: { actions: 'requestFetch' },
        STOP: { actions: 'requestStop' },
      },
    },
    publishingDynamic: {
      invoke: {
        id: 'publishDynamic',
        src: 'publishDynamic',
        input: ({ context }) => ({ batch: context.currentData as Batch }),
        onDone: { actions: raise({ type: 'PUBLISH_SUCCESS' }) },
        onError: {
          actions: raise(({ event }) => ({
            type: 'PUBLISH_FAILURE' as const,
            error: failureOf(event.error),
          })),
        },
      },
      on: {
        PUBLISH_SUCCESS: [
          { guard: 'fetchRequested', target: 'fetchingData', actions: 'completeCycle' },
          { target: 'idle', actions: 'completeCycle' },
        ],
        PUBLISH_FAILURE: {
          target: 'error',
          actions: { type: 'recordFailure', params: { step: 'publishDynamic' } },
        },
        FETCH_DATA: { actions: 'requestFetch' },
        STOP: { actions: 'requestStop' },
      },
    },
    creatingTopic: {
      invoke: {
        id: 'createTopic',
        src: 'createTopic',
        input: ({ context }) => ({
          spec: context.pendingTopicSpecs[0] as DynamicTopicSpec,
          topic: context.newTopicName as string,
        }),
        onDone: { actions: raise({ type: 'CREATE_TOPIC_SUCCESS' }) },
        onError: {
          actions: raise(({ event }) => ({
            type: 'CREATE_TOPIC_FAILURE' as const,
            error: failureOf(event.error),
          })),
        },
      },
      on: {
        CREATE_TOPIC_SUCCESS: { target: 'idle', actions: 'finishTopicRequest' },
        CREATE_TOPIC_FAILURE: {
          target: 'error',
          actions: { type: 'recordFailure', params: { step: 'createTopic' } },
        },
        STOP: { target: 'stopping', actions: 'requestStop' },
      },
    },
    error: {
      always: [
        { guard: 'stopRequested', target: 'stopping' },
        { guard: 'mayRetry', target: 'backingOff' },
      ],
      on: {
        RESET: { target: 'idle', actions: 'clearFailure' },
        STOP: { target: 'stopping', actions: 'requestStop' },
      },
    },
    backingOff: {
      after: { retryDelay: { target: 'idle' } },
      on: {
        RESET: { target: 'idle', actions: 'clearFailure' },
        STOP: { target: 'stopping', actions: 'requestStop' },
      },
    },
    stopping: {
      invoke: {
        id: 'drain',
        src: 'drain',
        input: ({ context }) => ({ unpublished: unpublishedCount(context) }),
        onDone: { target: 'stopped' },
        onError: { target: 'stopped' },
      },
    },
    stopped: { type: 'final' },
  },
});

export type ProducerMachine = typeof producerMachine;

/** Messages of the current batch not yet on any topic (reported when stopping cannot publish them). */
function unpublishedCount({ currentData, fixedPublished }: ProducerContext): number {
  if (!currentData) return 0;
  const fixed = fixedPublished ? 0 : currentData.ticks.length + currentData.candles.length;
  return fixed + currentData.dynamic.length;
}
