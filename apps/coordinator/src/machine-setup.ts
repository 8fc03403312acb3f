import { mayRetry, retryDelayMs } from '@mdp/runtime/retry';
import { assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import type {
  CoordinatorContext,
  CoordinatorEmitted,
  CoordinatorEvent,
  CoordinatorInput,
  MaintenanceReport,
} from './machine-types';
import type { AnswerTask, CreatedTopic, CreateTask, RetireTask, Step, TaskOutcome } from './tasks';
import type { ReconcileReport } from './topics/reconcile-plan';

/** Placeholder actors: createApp and tests inject the real ones with `.provide({ actors })`. */
const notProvided = (name: string) => () => Promise.reject(new Error(`actor ${name} not provided`));

/** The coordinator's types, actors, guards, delays and actions; the states are in machine.ts. */
export const coordinatorSetup = setup({
  types: {
    context: {} as CoordinatorContext,
    events: {} as CoordinatorEvent,
    input: {} as CoordinatorInput,
    emitted: {} as CoordinatorEmitted,
  },
  actors: {
    reconcile: fromPromise<ReconcileReport, void>(notProvided('reconcile')),
    createTopic: fromPromise<CreatedTopic, CreateTask>(notProvided('createTopic')),
    notifyProducer: fromPromise<void, { task: CreateTask; created: CreatedTopic }>(
      notProvided('notifyProducer'),
    ),
    notifyConsumer: fromPromise<void, { task: CreateTask; created: CreatedTopic }>(
      notProvided('notifyConsumer'),
    ),
    answerRequests: fromPromise<void, AnswerTask>(notProvided('answerRequests')),
    retireTopic: fromPromise<void, RetireTask>(notProvided('retireTopic')),
    maintain: fromPromise<MaintenanceReport, void>(notProvided('maintain')),
  },
  guards: {
    stopRequested: ({ context }) => context.exit === 'stop',
    standbyRequested: ({ context }) => context.exit === 'standby',
    retriesExhausted: ({ context }) => !mayRetry(context.attempt, context.retry),
    failedAt: ({ context }, params: { step: Step }) => context.failure?.step === params.step,
  },
  delays: {
    retryDelay: ({ context }) => retryDelayMs(context.attempt, context.retry, context.random),
  },
  actions: {
    clearExit: assign({ exit: null }),
    requestStop: assign({ exit: 'stop' as const }),
    requestStandby: assign(({ context }) => ({
      exit: context.exit === 'stop' ? context.exit : ('standby' as const),
    })),
    keepActive: assign(({ context }) => ({ exit: context.exit === 'standby' ? null : context.exit })),
    startTask: assign(({ event }) => {
      if (event.type === 'REQUEST_CREATE_TOPIC') return { task: event.task, created: null };
      if (event.type === 'ANSWER_REQUESTS') return { task: event.task, created: null };
      if (event.type === 'RETIRE_TOPIC') return { task: event.task, created: null };
      return {};
    }),
    recordCreated: assign({
      created: ({ event }) => (event.type === 'CREATE_TOPIC_SUCCESS' ? event.created : null),
    }),
    recordFailure: assign(({ context, event }, params: { step: Step }) => ({
      attempt: context.attempt + 1,
      failure: { step: params.step, message: errorMessage(event), attempt: context.attempt + 1 },
    })),
    clearFailure: assign({ attempt: 0, failure: null }),
    emitFailure: emit(({ context }) => ({
      type: 'STEP_FAILED' as const,
      step: context.failure?.step ?? 'reconcile',
      message: context.failure?.message ?? '',
      attempt: context.attempt,
    })),
    settle: enqueueActions(({ context, enqueue }, params: { outcome: TaskOutcome }) => {
      if (context.task)
        enqueue.emit({ type: 'TASK_SETTLED', taskId: context.task.taskId, outcome: params.outcome });
    }),
    clearTask: assign({ task: null, created: null }),
  },
});

function errorMessage(event: CoordinatorEvent | { type: string; error?: unknown }): string {
  const error = 'error' in event ? event.error : undefined;
  if (error instanceof Error) return error.message.slice(0, 500);
  return String(error ?? 'unknown error').slice(0, 500);
}
