import { createHash } from 'node:crypto';
import { DlqHeaders, Headers } from '@mdp/contracts/headers';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { OutgoingMessage } from './outgoing-message';
import { childTraceparent } from './trace';

/** Why a message was rejected: a stable code to count by, and a readable message. */
export type RejectReason = { code: string; message: string };

export type RejectedRecord = { topic: string; partition: number; message: KafkaMessage };

/**
 * `copy`: original key, value and headers. `excerpt`: the first `excerptBytes` of the value (the
 * whole would not fit the DLQ topic). `minimal`: no value, only where it came from, its size and
 * hash (what is left when even the excerpt is refused).
 */
export type DlqForm = 'copy' | 'excerpt' | 'minimal';

export type DlqLimits = {
  /** Largest DLQ record sent as a full copy (key + value + headers, estimated). */
  maxRecordBytes: number;
  /** Bytes of the value kept by an excerpt, and budget for the original headers and key. */
  excerptBytes: number;
};

/**
 * The broker's and topics' default `max.message.bytes` is 1 MiB (+12): a record batch holding one
 * copy must stay below it, with room for the batch framing and the `dlq-*` headers (about 1.5 KiB).
 */
export const DEFAULT_DLQ_LIMITS: DlqLimits = { maxRecordBytes: 1_048_576 - 64 * 1024, excerptBytes: 4096 };

const MAX_REASON_LENGTH = 1000;
/** Per-header and per-record framing (varint lengths, attributes, timestamp delta), generously. */
const HEADER_OVERHEAD = 10;
const RECORD_OVERHEAD = 64;

function headerText(value: IHeaders[string]): string | Buffer | undefined {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last ?? undefined;
}

function headerValueBytes(value: IHeaders[string]): number {
  if (value === undefined || value === null) return 0;
  if (Array.isArray(value)) return value.reduce((n, v) => n + headerValueBytes(v) + HEADER_OVERHEAD, 0);
  return Buffer.byteLength(value);
}

/** A header value kafkajs can send: other clients may write null values, which kafkajs cannot encode. */
function sendable(value: IHeaders[string]): IHeaders[string] {
  if (!Array.isArray(value)) return value ?? undefined;
  const values = value.filter((v) => v !== null && v !== undefined);
  return values.length > 0 ? values : undefined;
}

/**
 * The original headers worth keeping (not trace or produce time, which the DLQ record gets anew, nor
 * null values, which would make the send throw on every retry), and their size.
 */
function keptHeaders(original: IHeaders): { headers: IHeaders; bytes: number } {
  const headers: IHeaders = {};
  let bytes = 0;
  for (const [name, raw] of Object.entries(original)) {
    const value = sendable(raw);
    if (value === undefined || name === Headers.traceparent || name === Headers.producedAt) continue;
    headers[name] = value;
    bytes += Buffer.byteLength(name) + headerValueBytes(value) + HEADER_OVERHEAD;
  }
  return { headers, bytes };
}

/** The form a rejected message takes on the DLQ under these limits. */
export function dlqFormFor(message: KafkaMessage, limits: DlqLimits = DEFAULT_DLQ_LIMITS): DlqForm {
  const size =
    RECORD_OVERHEAD +
    (message.key?.length ?? 0) +
    (message.value?.length ?? 0) +
    keptHeaders(message.headers ?? {}).bytes;
  return size <= limits.maxRecordBytes ? 'copy' : 'excerpt';
}

/**
 * The DLQ record of a rejected message: the reason, where it came from (topic, partition, offset),
 * which app rejected it and when (ISO time), continuing the original trace; plus the original key,
 * value and headers (`copy`), or a bounded part of them with the value's size and SHA-256
 * (`excerpt`, `minimal`), so a message near the broker's limit can still be dead-lettered.
 */
export function toDlqMessage(
  record: RejectedRecord,
  reason: RejectReason,
  app: string,
  failedAt: Date,
  form: DlqForm = 'copy',
  limits: DlqLimits = DEFAULT_DLQ_LIMITS,
): OutgoingMessage {
  const { message } = record;
  const original = message.headers ?? {};
  const kept = keptHeaders(original);
  const headers: IHeaders = form === 'copy' || kept.bytes <= limits.excerptBytes ? kept.headers : {};
  if (form === 'minimal') for (const name of Object.keys(headers)) delete headers[name];
  Object.assign(headers, {
    [DlqHeaders.reason]: reason.message.slice(0, MAX_REASON_LENGTH),
    [DlqHeaders.reasonCode]: reason.code.slice(0, 100),
    [DlqHeaders.sourceTopic]: record.topic,
    [DlqHeaders.sourcePartition]: String(record.partition),
    [DlqHeaders.sourceOffset]: message.offset,
    [DlqHeaders.app]: app,
    [DlqHeaders.failedAt]: failedAt.toISOString(),
  });
  const traceparent = childTraceparent(headerText(original[Headers.traceparent]));
  if (form === 'copy') return { key: message.key, value: message.value, headers, traceparent };
  if (message.value !== null) {
    headers[DlqHeaders.originalBytes] = String(message.value.length);
    headers[DlqHeaders.originalSha256] = createHash('sha256').update(message.value).digest('hex');
  }
  headers[DlqHeaders.form] = form;
  const keyBudget = Math.min(256, limits.excerptBytes);
  return {
    key: form === 'excerpt' ? (message.key?.subarray(0, keyBudget) ?? null) : null,
    value: form === 'excerpt' ? (message.value?.subarray(0, limits.excerptBytes) ?? null) : null,
    headers,
    traceparent,
  };
}

/** Reads a header as text (kafkajs hands headers over as Buffers; a null header reads as absent). */
export function readHeader(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headerText(headers?.[name]);
  return value === undefined ? undefined : value.toString();
}
