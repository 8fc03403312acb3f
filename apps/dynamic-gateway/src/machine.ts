import { mayRetry, type RetryPolicy, retryDelayMs } from '@mdp/runtime/retry';
import { assign, fromCallback, setup } from 'xstate';
import type { Position } from './topics/position';

/**
 * The seed's "consumer for dynamic topics" chart, one actor per topic this gateway reads.
 * idle → subscribing → consuming → processingMessage → interactingWithApp → consuming, per fetched
 * batch (never per message). Any failure goes to error, then backingOff (capped, jittered) and a
 * new subscription from the last position handed to clients, so a retry loses and repeats nothing.
 * Deviation from the seed: after INTERACT_SUCCESS the reader returns to consuming, not idle (the
 * subscription stays); idle is where RESET leads and where SUBSCRIBE_TO_TOPIC starts from.
 * Drawn with its deviations from the seed chart marked: docs/diagrams/dynamic-gateway.svg.
 */
export type TopicReaderEvent =
  | { type: 'SUBSCRIBE_TO_TOPIC' }
  | { type: 'SUBSCRIBE_SUCCESS'; position: Position }
  | { type: 'SUBSCRIBE_FAILURE'; error: string }
  | { type: 'MESSAGE_RECEIVED'; partition: number; count: number }
  | { type: 'PROCESS_SUCCESS'; valid: number; invalid: number }
  | { type: 'PROCESS_FAILURE'; error: string }
  | { type: 'INTERACT_SUCCESS'; position: Position }
  | { type: 'INTERACT_FAILURE'; error: string }
  | { type: 'RESET' }
  | { type: 'STOP' };

export type TopicReaderInput = {
  topic: string;
  /** maxAttempts: GATEWAY_READER_MAX_ATTEMPTS; spent, the reader stays in error until RESET. */
  retry: RetryPolicy;
  random?: () => number;
};

export type TopicReaderContext = TopicReaderInput & {
  /** Next offsets after the last batch handed to clients; a new subscription starts here. */
  position: Position | null;
  attempts: number;
  error: string | null;
  batches: number;
  messages: number;
  invalid: number;
};

/** What the real consumer actor gets: the topic and where to start (null: the topic's end). */
export type TopicConsumerInput = { topic: string; position: Position | null };

export const topicReaderMachine = setup({
  types: {
    context: {} as TopicReaderContext,
    events: {} as TopicReaderEvent,
    input: {} as TopicReaderInput,
  },
  actors: {
    /** Placeholder: connects, subscribes, sends SUBSCRIBE_* and the per-batch events; cleanup disconnects. */
    topicConsumer: fromCallback<TopicReaderEvent, TopicConsumerInput>(() => () => {}),
  },
  guards: {
    canRetry: ({ context }) => mayRetry(context.attempts, context.retry),
  },
  delays: {
    retryDelay: ({ context }) => retryDelayMs(context.attempts, context.retry, context.random),
  },
  actions: {
    recordError: assign({
      error: ({ event }) => ('error' in event ? event.error : 'unknown error'),
      attempts: ({ context }) => context.attempts + 1,
    }),
    recordPosition: assign({
      position: ({ event, context }) => ('position' in event ? event.position : context.position),
    }),
  },
}).createMachine({
  id: 'topicReader',
  context: ({ input }) => ({
    ...input,
    position: null,
    attempts: 0,
    error: null,
    batches: 0,
    messages: 0,
    invalid: 0,
  }),
  initial: 'idle',
  on: { STOP: '.stopped' },
  states: {
    idle: {
      on: { SUBSCRIBE_TO_TOPIC: { target: 'active', actions: assign({ attempts: 0, error: null }) } },
    },
    active: {
      initial: 'subscribing',
      invoke: {
        id: 'topicConsumer',
        src: 'topicConsumer',
        input: ({ context }) => ({ topic: context.topic, position: context.position }),
      },
      on: {
        SUBSCRIBE_FAILURE: { target: 'error', actions: 'recordError' },
        PROCESS_FAILURE: { target: 'error', actions: 'recordError' },
        INTERACT_FAILURE: { target: 'error', actions: 'recordError' },
      },
      states: {
        subscribing: {
          on: {
            SUBSCRIBE_SUCCESS: {
              target: 'consuming',
              actions: ['recordPosition', assign({ attempts: 0, error: null })],
            },
          },
        },
        consuming: {
          on: {
            MESSAGE_RECEIVED: {
              target: 'processingMessage',
              actions: assign({
                batches: ({ context }) => context.batches + 1,
                messages: ({ context, event }) => context.messages + event.count,
              }),
            },
          },
        },
        processingMessage: {
          on: {
            PROCESS_SUCCESS: {
              target: 'interactingWithApp',
              actions: assign({ invalid: ({ context, event }) => context.invalid + event.invalid }),
            },
          },
        },
        interactingWithApp: {
          on: { INTERACT_SUCCESS: { target: 'consuming', actions: 'recordPosition' } },
        },
      },
    },
    error: {
      always: { guard: 'canRetry', target: 'backingOff' },
      on: { RESET: 'idle' },
    },
    backingOff: {
      after: { retryDelay: 'active' },
      on: { RESET: 'idle' },
    },
    stopped: { type: 'final' },
  },
});

export type TopicReaderMachine = typeof topicReaderMachine;
