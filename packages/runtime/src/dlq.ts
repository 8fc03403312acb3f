import { DlqHeaders, Headers } from '@mdp/contracts/headers';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { OutgoingMessage } from './outgoing-message';
import { childTraceparent } from './trace';

/** Why a message was rejected: a stable code to count by, and a readable message. */
export type RejectReason = { code: string; message: string };

export type RejectedRecord = { topic: string; partition: number; message: KafkaMessage };

const MAX_REASON_LENGTH = 1000;

function headerText(value: IHeaders[string]): string | Buffer | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/**
 * The DLQ copy of a rejected message: original key and value, original headers, plus the reason,
 * where it came from (topic, partition, offset), which app rejected it and when (ISO time).
 * It continues the original trace.
 */
export function toDlqMessage(
  record: RejectedRecord,
  reason: RejectReason,
  app: string,
  failedAt: Date,
): OutgoingMessage {
  const { message } = record;
  const original = message.headers ?? {};
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(original)) {
    if (value !== undefined && name !== Headers.traceparent && name !== Headers.producedAt)
      headers[name] = value;
  }
  Object.assign(headers, {
    [DlqHeaders.reason]: reason.message.slice(0, MAX_REASON_LENGTH),
    [DlqHeaders.reasonCode]: reason.code,
    [DlqHeaders.sourceTopic]: record.topic,
    [DlqHeaders.sourcePartition]: String(record.partition),
    [DlqHeaders.sourceOffset]: message.offset,
    [DlqHeaders.app]: app,
    [DlqHeaders.failedAt]: failedAt.toISOString(),
  });
  return {
    key: message.key,
    value: message.value,
    headers,
    traceparent: childTraceparent(headerText(original[Headers.traceparent])),
  };
}

/** Reads a header as text (kafkajs hands headers over as Buffers). */
export function readHeader(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headerText(headers?.[name]);
  return value === undefined ? undefined : value.toString();
}
