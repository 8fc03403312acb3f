import { emit, raise } from 'xstate';
import { coordinatorSetup } from './machine-setup';
import type { AnswerTask, CreatedTopic, CreateTask, RetireTask, Step } from './tasks';

export type {
  CoordinatorContext,
  CoordinatorEmitted,
  CoordinatorEvent,
  CoordinatorInput,
  MaintenanceReport,
} from './machine-types';

/** While a step runs, STOP and PARTITION_REVOKED wait for it to end (drain). */
const busy = {
  STOP: { actions: 'requestStop' },
  PARTITION_REVOKED: { actions: 'requestStandby' },
  PARTITION_ASSIGNED: { actions: 'keepActive' },
} as const;

const failTo = (step: Step) =>
  ({ target: '#coordinator.error', actions: { type: 'recordFailure', params: { step } } }) as const;

/**
 * The coordinator: the seed's active → processingCreateTopic → notifyingActors → active (error on
 * failure, RESET back to active), extended with standby (another member holds the request partition),
 * reconciliation, answering and retirement steps, backoff retries out of error, and stop.
 * Only one step runs at a time, so the registry view never changes under a running step.
 * Drawn with its deviations from the seed chart marked: docs/diagrams/coordinator.svg.
 */
export const coordinatorMachine = coordinatorSetup.createMachine({
  id: 'coordinator',
  initial: 'standby',
  context: ({ input }) => ({
    task: null,
    created: null,
    failure: null,
    attempt: 0,
    exit: null,
    retry: input.retry,
    random: input.random ?? Math.random,
  }),
  states: {
    /** Another member holds the request partition (or none is assigned yet): do nothing. */
    standby: {
      entry: 'clearExit',
      on: { PARTITION_ASSIGNED: 'reconciling', STOP: 'stopped' },
    },
    reconciling: {
      invoke: {
        id: 'reconcile',
        src: 'reconcile',
        onDone: { target: 'active', actions: 'clearFailure' },
        onError: failTo('reconcile'),
      },
      on: busy,
    },
    active: {
      always: [
        { guard: 'stopRequested', target: 'stopped' },
        { guard: 'standbyRequested', target: 'standby' },
      ],
      on: {
        REQUEST_CREATE_TOPIC: { target: 'processingCreateTopic', actions: 'startTask' },
        ANSWER_REQUESTS: { target: 'answeringRequests', actions: 'startTask' },
        RETIRE_TOPIC: { target: 'retiringTopic', actions: 'startTask' },
        RECONCILE: 'reconciling',
        MAINTAIN: 'maintaining',
        PARTITION_REVOKED: 'standby',
        STOP: 'stopped',
      },
    },
    processingCreateTopic: {
      invoke: {
        id: 'createTopic',
        src: 'createTopic',
        input: ({ context }) => context.task as CreateTask,
        onDone: {
          actions: raise(({ event }) => ({ type: 'CREATE_TOPIC_SUCCESS' as const, created: event.output })),
        },
        onError: {
          actions: raise(({ event }) => ({ type: 'CREATE_TOPIC_FAILURE' as const, error: event.error })),
        },
      },
      on: {
        ...busy,
        CREATE_TOPIC_SUCCESS: { target: 'notifyingActors', actions: 'recordCreated' },
        CREATE_TOPIC_FAILURE: failTo('create'),
      },
    },
    /** NOTIFY_PRODUCER: the registry record turns active. NOTIFY_CONSUMER: TopicActivated is announced. */
    notifyingActors: {
      initial: 'notifyingProducer',
      states: {
        notifyingProducer: {
          invoke: {
            id: 'notifyProducer',
            src: 'notifyProducer',
            input: ({ context }) => ({
              task: context.task as CreateTask,
              created: context.created as CreatedTopic,
            }),
            onDone: {
              target: 'notifyingConsumer',
              actions: emit(({ context }) => ({
                type: 'NOTIFY_PRODUCER' as const,
                topic: context.created?.topic ?? '',
              })),
            },
            onError: {
              actions: raise(({ event }) => ({ type: 'NOTIFY_FAILURE' as const, error: event.error })),
            },
          },
        },
        notifyingConsumer: {
          invoke: {
            id: 'notifyConsumer',
            src: 'notifyConsumer',
            input: ({ context }) => ({
              task: context.task as CreateTask,
              created: context.created as CreatedTopic,
            }),
            onDone: {
              actions: [
                emit(({ context }) => ({
                  type: 'NOTIFY_CONSUMER' as const,
                  topic: context.created?.topic ?? '',
                })),
                raise({ type: 'NOTIFY_SUCCESS' as const }),
              ],
            },
            onError: {
              actions: raise(({ event }) => ({ type: 'NOTIFY_FAILURE' as const, error: event.error })),
            },
          },
        },
      },
      on: {
        ...busy,
        NOTIFY_SUCCESS: {
          target: 'active',
          actions: ['clearFailure', { type: 'settle', params: { outcome: 'done' } }, 'clearTask'],
        },
        NOTIFY_FAILURE: failTo('notify'),
      },
    },
    answeringRequests: {
      invoke: {
        id: 'answerRequests',
        src: 'answerRequests',
        input: ({ context }) => context.task as AnswerTask,
        onDone: {
          target: 'active',
          actions: ['clearFailure', { type: 'settle', params: { outcome: 'done' } }, 'clearTask'],
        },
        onError: failTo('answer'),
      },
      on: busy,
    },
    retiringTopic: {
      invoke: {
        id: 'retireTopic',
        src: 'retireTopic',
        input: ({ context }) => context.task as RetireTask,
        onDone: {
          target: 'active',
          actions: ['clearFailure', { type: 'settle', params: { outcome: 'done' } }, 'clearTask'],
        },
        onError: failTo('retire'),
      },
      on: busy,
    },
    maintaining: {
      invoke: {
        id: 'maintain',
        src: 'maintain',
        onDone: { target: 'active', actions: 'clearFailure' },
        onError: failTo('maintain'),
      },
      on: busy,
    },
    error: {
      entry: 'emitFailure',
      initial: 'evaluatingRetry',
      states: {
        evaluatingRetry: {
          always: [
            { guard: 'stopRequested', target: '#coordinator.stopped', actions: interrupted() },
            { guard: 'standbyRequested', target: '#coordinator.standby', actions: interrupted() },
            { guard: 'retriesExhausted', target: 'halted' },
            { target: 'backingOff' },
          ],
        },
        backingOff: {
          after: {
            retryDelay: [
              {
                guard: { type: 'failedAt', params: { step: 'reconcile' } },
                target: '#coordinator.reconciling',
              },
              {
                guard: { type: 'failedAt', params: { step: 'create' } },
                target: '#coordinator.processingCreateTopic',
              },
              {
                guard: { type: 'failedAt', params: { step: 'notify' } },
                target: '#coordinator.notifyingActors',
              },
              {
                guard: { type: 'failedAt', params: { step: 'answer' } },
                target: '#coordinator.answeringRequests',
              },
              {
                guard: { type: 'failedAt', params: { step: 'retire' } },
                target: '#coordinator.retiringTopic',
              },
              { target: '#coordinator.maintaining' },
            ],
          },
        },
        /** RETRY_MAX_ATTEMPTS reached: wait for an operator RESET. */
        halted: {},
      },
      on: {
        RESET: {
          target: 'active',
          actions: [{ type: 'settle', params: { outcome: 'abandoned' } }, 'clearTask', 'clearFailure'],
        },
        STOP: { target: 'stopped', actions: interrupted() },
        PARTITION_REVOKED: { target: 'standby', actions: interrupted() },
      },
    },
    stopped: { type: 'final' },
  },
});

function interrupted() {
  return [{ type: 'settle', params: { outcome: 'interrupted' } }, 'clearTask', 'clearFailure'] as const;
}
