import { retryDelayMs } from '@mdp/runtime/retry';
import { assign, emit, fromPromise, setup } from 'xstate';
import type { SinkBatch } from './batches/batch';
import type { MappedBatch } from './batches/rows';
import type {
  CommitResult,
  SinkContext,
  SinkEmitted,
  SinkEvent,
  SinkInput,
  Stage,
  WriteResult,
} from './machine-types';

export type ProcessInput = { batch: SinkBatch };
export type WriteInput = { batch: SinkBatch; mapped: MappedBatch };
export type CommitInput = { batch: SinkBatch; mapped: MappedBatch; written: WriteResult };

/** Placeholder actors: createApp and tests inject the real ones with `.provide({ actors })`. */
const notProvided = (name: string) => () => Promise.reject(new Error(`actor ${name} not provided`));

function errorMessage(event: SinkEvent): string {
  if (!('error' in event)) return event.type;
  const { error } = event;
  return error instanceof Error ? error.message : String(error);
}

/** The sink machine's types, placeholder actors, guards, delays and actions (the chart is in machine.ts). */
export const sinkSetup = setup({
  types: {
    context: {} as SinkContext,
    events: {} as SinkEvent,
    input: {} as SinkInput,
    emitted: {} as SinkEmitted,
  },
  actors: {
    processBatch: fromPromise<MappedBatch, ProcessInput>(notProvided('processBatch')),
    writeBatch: fromPromise<WriteResult, WriteInput>(notProvided('writeBatch')),
    commitBatch: fromPromise<CommitResult, CommitInput>(notProvided('commitBatch')),
    drain: fromPromise<void, void>(notProvided('drain')),
  },
  guards: {
    drainRequested: ({ context }) => context.drainRequested,
    failedAt: ({ context }, params: { stage: Stage }) => context.failure?.stage === params.stage,
  },
  delays: {
    // Equal jitter: never an immediate retry, and replicas spread their retries.
    retryDelay: ({ context }) => retryDelayMs(context.attempt, context.retry, context.random),
  },
  actions: {
    receiveBatch: assign(({ event }) => ({
      batch: event.type === 'MESSAGE_RECEIVED' ? event.batch : null,
      mapped: null,
      written: null,
      attempt: 0,
      failure: null,
    })),
    recordMapped: assign(({ event }) => ({
      mapped: event.type === 'PROCESS_SUCCESS' ? event.output : null,
      attempt: 0,
      failure: null,
    })),
    recordFailure: assign(({ context, event }, params: { stage: Stage }) => ({
      attempt: context.attempt + 1,
      failure: { stage: params.stage, message: errorMessage(event), attempt: context.attempt + 1 },
    })),
    requestDrain: assign({ drainRequested: true }),
    clearBatch: assign({ batch: null, mapped: null, written: null, attempt: 0, failure: null }),
    emitFailure: emit(({ context }) => ({
      type: 'STAGE_FAILED' as const,
      failure: context.failure ?? { stage: 'process' as const, message: 'unknown', attempt: context.attempt },
    })),
    pauseConsumption: emit(({ context }) => ({
      type: 'CONSUMPTION_PAUSED' as const,
      reason: context.failure?.message ?? 'database unavailable',
    })),
    resumeConsumption: emit({ type: 'CONSUMPTION_RESUMED' as const }),
    emitCommitted: emit(({ context, event }) => {
      const { batch, mapped, written } = context;
      if (event.type !== 'WRITE_SUCCESS' || !batch || !mapped || !written)
        throw new Error('committed without a written batch');
      return { type: 'BATCH_COMMITTED' as const, batch, mapped, written, commit: event.output };
    }),
    emitAbandoned: emit(({ context, event }) => {
      if (!context.batch) throw new Error('abandoned without a batch');
      return { type: 'BATCH_ABANDONED' as const, batch: context.batch, reason: event.type };
    }),
  },
});
