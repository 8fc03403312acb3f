import type { SinkBatch } from './batches/batch';
import type { MappedBatch, Rejection } from './batches/rows';

export type RetryOptions = { readonly baseMs: number; readonly maxMs: number };

export type WriteResult = {
  readonly ticksInserted: number;
  readonly candlesUpserted: number;
  /** Rows the database refused for a reason in their data, isolated by splitting the batch. */
  readonly rejected: readonly Rejection[];
  /** Write statements run, including failed ones while isolating bad rows. */
  readonly attempts: number;
  /** How the rows went in: one COPY, or the idempotent INSERT (a replay, a duplicate, a bad row...). */
  readonly path?: 'copy' | 'insert';
  /** The batch's offsets were stored in the same transaction (else the commit stage stores them). */
  readonly offsetsStored?: boolean;
};

/** `committed: false` when the group no longer accepts the commit (rebalance): the rows are stored anyway. */
export type CommitResult = { readonly committed: boolean; readonly reason?: string };

export type Stage = 'process' | 'write' | 'commit';
export type Failure = { readonly stage: Stage; readonly message: string; readonly attempt: number };

export type SinkInput = { readonly retry: RetryOptions; readonly random?: () => number };

export type SinkContext = {
  readonly retry: RetryOptions;
  readonly random: () => number;
  readonly batch: SinkBatch | null;
  readonly mapped: MappedBatch | null;
  readonly written: WriteResult | null;
  /** Consecutive failures of the current batch; drives the backoff. */
  readonly attempt: number;
  readonly failure: Failure | null;
  readonly drainRequested: boolean;
};

export type SinkEvent =
  | { type: 'MESSAGE_RECEIVED'; batch: SinkBatch }
  | { type: 'PROCESS_SUCCESS'; output: MappedBatch }
  | { type: 'PROCESS_FAILURE'; error: unknown }
  /** The batch is durable: rows written and offsets committed. */
  | { type: 'WRITE_SUCCESS'; output: CommitResult }
  | { type: 'WRITE_FAILURE'; error: unknown }
  | { type: 'COMMIT_FAILURE'; error: unknown }
  | { type: 'RESET' }
  | { type: 'DRAIN' };

/** What the machine tells the app (`actor.on(type, ...)`): the app does the matching I/O or bookkeeping. */
export type SinkEmitted =
  | { type: 'CONSUMPTION_PAUSED'; reason: string }
  | { type: 'CONSUMPTION_RESUMED' }
  | {
      type: 'BATCH_COMMITTED';
      batch: SinkBatch;
      mapped: MappedBatch;
      written: WriteResult;
      commit: CommitResult;
    }
  | { type: 'BATCH_ABANDONED'; batch: SinkBatch; reason: string }
  | { type: 'STAGE_FAILED'; failure: Failure };
