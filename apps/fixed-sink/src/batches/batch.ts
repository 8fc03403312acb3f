import type { KafkaMessage } from 'kafkajs';
import type { Rejection, SinkRow } from './rows';

/** One message as fetched, kept as received so a rejected one can go to the DLQ unchanged. */
export type SourceMessage = {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  /**
   * The message validated and mapped when it was fetched: decoding then runs while the previous
   * batch is being written (node waits on the database meanwhile), not in series with it.
   */
  readonly decoded?: SinkRow | Rejection;
};

/** The offsets of one topic-partition that a batch covers (inclusive, as kafkajs strings). */
export type PartitionRange = {
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: string;
  readonly lastOffset: string;
};

/** What the machine processes, writes and commits as one unit. */
export type SinkBatch = {
  readonly id: number;
  readonly messages: readonly SourceMessage[];
  readonly ranges: readonly PartitionRange[];
  /** When the oldest message of the batch was buffered (epoch ms): batch latency starts here. */
  readonly bufferedAt: number;
  /** When the batch was cut from the buffer (epoch ms): batch duration starts here. */
  readonly takenAt: number;
};
