import {
  DEFAULT_DLQ_LIMITS,
  type DlqForm,
  type DlqLimits,
  dlqFormFor,
  type RejectedRecord,
  type RejectReason,
  toDlqMessage,
} from './dlq';
import type { Logger } from './logger';
import { counter, type Registry } from './metrics';
import type { OutgoingMessage } from './outgoing-message';

export type DlqEntry = { record: RejectedRecord; reason: RejectReason };

export type DlqPublisherOptions = {
  /** Sends to the DLQ topic; rejects with the broker's error. */
  send: (messages: OutgoingMessage[]) => Promise<void>;
  app: string;
  limits?: Partial<DlqLimits>;
  logger: Logger;
  metrics?: Registry;
  now?: () => Date;
};

/** Puts rejected messages on a DLQ; resolves once each is there (or, refused at every size, counted and logged). */
export type DlqPublisher = (entries: readonly DlqEntry[]) => Promise<void>;

const SIZE_ERRORS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/** Did the broker refuse this send because a record (or batch) is too large? (kafkajs wraps errors.) */
export function isRecordTooLarge(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { type?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.type === 'string' && SIZE_ERRORS.has(e.type)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isRecordTooLarge(inner, depth + 1))) return true;
  return isRecordTooLarge(e.originalError, depth + 1) || isRecordTooLarge(e.cause, depth + 1);
}

const smaller = (form: DlqForm): DlqForm | undefined =>
  form === 'copy' ? 'excerpt' : form === 'excerpt' ? 'minimal' : undefined;

/**
 * A DLQ publisher that never stalls on a record's size. Each message goes as a full copy when it fits
 * `limits.maxRecordBytes`, else as an excerpt. If the broker still refuses the send for size (the DLQ
 * topic's `max.message.bytes` is smaller than assumed), each message is sent on its own, stepping
 * down copy → excerpt → minimal; one refused even as minimal is logged and counted as `dropped`.
 * Any other send error (broker down) rejects: the caller retries with backoff.
 */
export function createDlqPublisher(opts: DlqPublisherOptions): DlqPublisher {
  const limits: DlqLimits = { ...DEFAULT_DLQ_LIMITS, ...opts.limits };
  const now = opts.now ?? (() => new Date());
  const logger = opts.logger.child({ component: 'dlq' });
  const records =
    opts.metrics &&
    counter(opts.metrics, {
      name: 'dlq_records_total',
      help: 'Records put on a DLQ, by form (copy, excerpt, minimal; dropped: refused even as minimal)',
      labelNames: ['form'],
    });

  const warnBounded = (entry: DlqEntry, form: DlqForm) => {
    if (form === 'copy') return;
    const { topic, partition, message } = entry.record;
    logger.warn(
      { topic, partition, offset: message.offset, bytes: message.value?.length ?? 0, form },
      'rejected message too large for the DLQ: sent in part',
    );
  };

  const sendOneDown = async (entry: DlqEntry, from: DlqForm, failedAt: Date) => {
    for (let form: DlqForm | undefined = from; form; form = smaller(form)) {
      try {
        await opts.send([toDlqMessage(entry.record, entry.reason, opts.app, failedAt, form, limits)]);
        records?.inc({ form });
        warnBounded(entry, form);
        return;
      } catch (e) {
        if (!isRecordTooLarge(e)) throw e;
      }
    }
    records?.inc({ form: 'dropped' });
    const { topic, partition, message } = entry.record;
    logger.error(
      { topic, partition, offset: message.offset, reason: entry.reason.code },
      'the DLQ refused even the minimal record: message skipped',
    );
  };

  return async (entries) => {
    if (entries.length === 0) return;
    const failedAt = now();
    const forms = entries.map((entry) => dlqFormFor(entry.record.message, limits));
    try {
      await opts.send(
        entries.map((e, i) => toDlqMessage(e.record, e.reason, opts.app, failedAt, forms[i], limits)),
      );
    } catch (e) {
      if (!isRecordTooLarge(e)) throw e;
      logger.warn(
        { error: (e as Error).message, count: entries.length },
        'the DLQ refused a record as too large: sending one by one',
      );
      for (const [i, entry] of entries.entries()) await sendOneDown(entry, forms[i] ?? 'copy', failedAt);
      return;
    }
    for (const [i, entry] of entries.entries()) {
      const form = forms[i] ?? 'copy';
      records?.inc({ form });
      warnBounded(entry, form);
    }
  };
}
