import { fromPromise } from 'xstate';
import { type FixedTopics, type MappedBatch, mapBatch } from './batches/rows';
import type { PostgresDatabase } from './db/postgres-database';
import { storeOffsets } from './db/sink-offsets';
import { writeBatch } from './db/write-batch';
import type { DlqPublisher } from './kafka/dlq-publisher';
import type { FixedConsumer } from './kafka/fixed-consumer';
import type { CommitInput, ProcessInput, WriteInput } from './machine';
import type { CommitResult, WriteResult } from './machine-types';

export type SinkActorDeps = {
  readonly topics: FixedTopics;
  /** The consumer group: offsets are stored in the database under it. */
  readonly groupId: string;
  readonly db: PostgresDatabase;
  readonly consumer: FixedConsumer;
  readonly sendToDlq: DlqPublisher;
  /** Stops fetching, leaves the group, flushes and disconnects the DLQ producer. */
  readonly drain: () => Promise<void>;
};

/** The machine's I/O: the real implementations of its placeholder actors. */
export function sinkActors(deps: SinkActorDeps) {
  return {
    // Messages were validated as they arrived (or are now); the DLQ send is what can fail (and is retried).
    processBatch: fromPromise<MappedBatch, ProcessInput>(async ({ input }) => {
      const mapped = mapBatch(input.batch.messages, deps.topics);
      await deps.sendToDlq(mapped.rejected);
      return mapped;
    }),
    writeBatch: fromPromise<WriteResult, WriteInput>(({ input, signal }) =>
      writeBatch(deps.db, input.mapped, signal, { groupId: deps.groupId, ranges: input.batch.ranges }),
    ),
    // Rows the database refused go to the DLQ before the offsets move past them (in the database,
    // then in Kafka).
    commitBatch: fromPromise<CommitResult, CommitInput>(async ({ input }) => {
      await deps.sendToDlq(input.written.rejected);
      if (!input.written.offsetsStored) await storeOffsets(deps.db, deps.groupId, input.batch.ranges);
      deps.consumer.commitInBackground(input.batch.ranges);
      return { committed: true };
    }),
    drain: fromPromise<void, void>(() => deps.drain()),
  };
}
