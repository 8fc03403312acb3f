import { assign, raise } from 'xstate';
import type { SinkBatch } from './batches/batch';
import type { MappedBatch } from './batches/rows';
import { sinkSetup } from './machine-setup';
import type { Stage, WriteResult } from './machine-types';

export type { CommitInput, ProcessInput, WriteInput } from './machine-setup';
export type * from './machine-types';

/** Events that never lose a batch: a drain request waits for the batch in hand to be committed. */
const busy = { DRAIN: { actions: 'requestDrain' } } as const;

const failTo = (stage: Stage) =>
  ({ target: '#fixedSink.error', actions: { type: 'recordFailure', params: { stage } } }) as const;

/**
 * The fixed-sink, one batch at a time: the seed's idle → processingMessage → writingToDB → idle (error
 * on failure, RESET back to idle), extended with writingToDB.committing (offsets only after the
 * database commit), error.paused (database unavailable: consumption paused, the write retried with backoff),
 * error.backingOff (DLQ or commit failures, retried with backoff) and draining on SIGTERM.
 * Drawn with its deviations from the seed chart marked: docs/diagrams/fixed-sink.svg.
 */
export const sinkMachine = sinkSetup.createMachine({
  id: 'fixedSink',
  initial: 'idle',
  context: ({ input }) => ({
    retry: input.retry,
    random: input.random ?? Math.random,
    batch: null,
    mapped: null,
    written: null,
    attempt: 0,
    failure: null,
    drainRequested: false,
  }),
  states: {
    /** Waiting for the next batch (the app sends one when the buffer is full or the flush interval passed). */
    idle: {
      on: {
        MESSAGE_RECEIVED: { target: 'processingMessage', actions: 'receiveBatch' },
        DRAIN: { target: 'draining', actions: 'requestDrain' },
      },
    },
    /** Validating and mapping the batch; invalid messages go to the DLQ. */
    processingMessage: {
      invoke: {
        id: 'processBatch',
        src: 'processBatch',
        input: ({ context }) => ({ batch: context.batch as SinkBatch }),
        onDone: {
          actions: raise(({ event }) => ({ type: 'PROCESS_SUCCESS' as const, output: event.output })),
        },
        onError: {
          actions: raise(({ event }) => ({ type: 'PROCESS_FAILURE' as const, error: event.error })),
        },
      },
      on: {
        ...busy,
        PROCESS_SUCCESS: { target: 'writingToDB', actions: 'recordMapped' },
        PROCESS_FAILURE: failTo('process'),
      },
    },
    /**
     * Making the batch durable: insert (one transaction, one statement per table, bad rows isolated
     * by splitting), then send the rows the database refused to the DLQ and commit the offsets.
     */
    writingToDB: {
      initial: 'inserting',
      on: {
        ...busy,
        WRITE_SUCCESS: [
          { guard: 'drainRequested', target: 'draining', actions: ['emitCommitted', 'clearBatch'] },
          { target: 'idle', actions: ['emitCommitted', 'clearBatch'] },
        ],
      },
      states: {
        inserting: {
          invoke: {
            id: 'writeBatch',
            src: 'writeBatch',
            input: ({ context }) => ({
              batch: context.batch as SinkBatch,
              mapped: context.mapped as MappedBatch,
            }),
            onDone: {
              target: 'committing',
              actions: [
                assign({ written: ({ event }) => event.output, attempt: 0, failure: null }),
                'resumeConsumption',
              ],
            },
            onError: {
              actions: raise(({ event }) => ({ type: 'WRITE_FAILURE' as const, error: event.error })),
            },
          },
          on: { WRITE_FAILURE: failTo('write') },
        },
        committing: {
          invoke: {
            id: 'commitBatch',
            src: 'commitBatch',
            input: ({ context }) => ({
              batch: context.batch as SinkBatch,
              mapped: context.mapped as MappedBatch,
              written: context.written as WriteResult,
            }),
            onDone: {
              actions: raise(({ event }) => ({ type: 'WRITE_SUCCESS' as const, output: event.output })),
            },
            onError: {
              actions: raise(({ event }) => ({ type: 'COMMIT_FAILURE' as const, error: event.error })),
            },
          },
          on: { COMMIT_FAILURE: failTo('commit') },
        },
      },
    },
    /**
     * A stage failed. The batch is kept and retried (writes are idempotent, offsets not yet committed);
     * RESET gives it up (its messages are fetched again), DRAIN gives it up and stops.
     */
    error: {
      entry: 'emitFailure',
      on: {
        RESET: { target: 'idle', actions: ['emitAbandoned', 'clearBatch', 'resumeConsumption'] },
        DRAIN: { target: 'draining', actions: ['emitAbandoned', 'clearBatch', 'requestDrain'] },
      },
      initial: 'deciding',
      states: {
        deciding: {
          always: [
            {
              guard: 'drainRequested',
              target: '#fixedSink.draining',
              actions: ['emitAbandoned', 'clearBatch'],
            },
            { guard: { type: 'failedAt', params: { stage: 'write' } }, target: 'paused' },
            { target: 'backingOff' },
          ],
        },
        /** The database is down or refusing: stop fetching, retry the write after a backoff. */
        paused: {
          entry: 'pauseConsumption',
          after: { retryDelay: { target: '#fixedSink.writingToDB.inserting' } },
        },
        backingOff: {
          after: {
            retryDelay: [
              {
                guard: { type: 'failedAt', params: { stage: 'process' } },
                target: '#fixedSink.processingMessage',
              },
              { target: '#fixedSink.writingToDB.committing' },
            ],
          },
        },
      },
    },
    /** Stopping: the consumer leaves its group, producers flush, connections close. */
    draining: {
      invoke: { id: 'drain', src: 'drain', onDone: 'stopped', onError: 'stopped' },
    },
    stopped: { type: 'final' },
  },
});

export type SinkMachine = typeof sinkMachine;
