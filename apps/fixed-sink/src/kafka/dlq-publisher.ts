import { toDlqMessage } from '@mdp/runtime/dlq';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import type { Rejection } from '../rows';

/** Puts rejected messages on the sink's DLQ as received, with the reason and origin in `dlq-*` headers. */
export function createDlqPublisher(producer: IdempotentProducer, dlqTopic: string, app: string) {
  return async (rejections: readonly Rejection[], failedAt = new Date()): Promise<void> => {
    if (rejections.length === 0) return;
    await producer.send(
      dlqTopic,
      rejections.map((r) =>
        toDlqMessage(
          { topic: r.source.topic, partition: r.source.partition, message: r.source.message },
          { code: r.code, message: r.reason },
          app,
          failedAt,
        ),
      ),
    );
  };
}

export type DlqPublisher = ReturnType<typeof createDlqPublisher>;
