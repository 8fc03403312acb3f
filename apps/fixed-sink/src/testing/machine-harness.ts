import { createActor, fromPromise, SimulatedClock } from 'xstate';
import type { SinkBatch } from '../batches/batch';
import type { MappedBatch } from '../batches/rows';
import {
  type CommitInput,
  type CommitResult,
  type ProcessInput,
  type SinkEmitted,
  sinkMachine,
  type WriteInput,
  type WriteResult,
} from '../machine';

type Pending<T, I> = { input: I; resolve: (value: T) => void; reject: (error: unknown) => void };

/** Actors whose promises the test settles by hand, so every step of the machine can be observed. */
function controlled<T, I>() {
  const calls: Pending<T, I>[] = [];
  const logic = fromPromise<T, I>(
    ({ input }) => new Promise<T>((resolve, reject) => calls.push({ input, resolve, reject })),
  );
  const last = () => {
    const call = calls[calls.length - 1];
    if (!call) throw new Error('actor not invoked');
    return call;
  };
  return { calls, logic, last };
}

/** Lets settled promises and the machine's raised events run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

export function batchOf(id: number): SinkBatch {
  return { id, messages: [], ranges: [], bufferedAt: 0, takenAt: 0 };
}

export const MAPPED: MappedBatch = { ticks: [], candles: [], rejected: [] };
export const WRITTEN: WriteResult = { ticksInserted: 3, candlesUpserted: 1, rejected: [], attempts: 1 };
export const COMMITTED: CommitResult = { committed: true };

/** The sink machine with hand-settled actors, a simulated clock, and every emitted event recorded. */
export function startSink() {
  const process = controlled<MappedBatch, ProcessInput>();
  const write = controlled<WriteResult, WriteInput>();
  const commit = controlled<CommitResult, CommitInput>();
  const drain = controlled<void, void>();
  const clock = new SimulatedClock();
  const machine = sinkMachine.provide({
    actors: {
      processBatch: process.logic,
      writeBatch: write.logic,
      commitBatch: commit.logic,
      drain: drain.logic,
    },
  });
  // random 0.5 with equal jitter: delays are 3/4 of min(max, base·2^n): 75, 150, 300, 600, 750, 750...
  const actor = createActor(machine, {
    input: { retry: { baseMs: 100, maxMs: 1000 }, random: () => 0.5 },
    clock,
  });
  const emitted: SinkEmitted[] = [];
  const errors: unknown[] = [];
  actor.on('*', (event) => emitted.push(event));
  actor.subscribe({ error: (error) => errors.push(error) });
  actor.start();
  const types = () => emitted.map((e) => e.type);
  return { actor, clock, process, write, commit, drain, emitted, errors, types };
}
