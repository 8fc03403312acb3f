import type { DlqLimits } from '@mdp/runtime/dlq';
import { createDlqPublisher as createRuntimeDlqPublisher } from '@mdp/runtime/dlq-publisher';
import type { Logger } from '@mdp/runtime/logger';
import type { Registry } from '@mdp/runtime/metrics';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import type { Rejection } from '../batches/rows';

/**
 * Puts rejected messages on the sink's DLQ as received, with the reason and origin in `dlq-*`
 * headers; a message too large to be copied goes as an excerpt with its size and hash (see the
 * runtime's DLQ publisher), so it never holds the batch back. Rejects only on other send errors
 * (broker down): the machine retries those with backoff.
 */
export function createDlqPublisher(opts: {
  producer: IdempotentProducer;
  dlqTopic: string;
  app: string;
  logger: Logger;
  metrics?: Registry;
  limits?: Partial<DlqLimits>;
}) {
  const publish = createRuntimeDlqPublisher({
    send: (messages) => opts.producer.send(opts.dlqTopic, messages),
    app: opts.app,
    logger: opts.logger,
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  return (rejections: readonly Rejection[]): Promise<void> =>
    publish(
      rejections.map((r) => ({
        record: { topic: r.source.topic, partition: r.source.partition, message: r.source.message },
        reason: { code: r.code, message: r.reason },
      })),
    );
}

export type DlqPublisher = ReturnType<typeof createDlqPublisher>;
