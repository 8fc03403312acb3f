import { Headers } from '@mdp/contracts/headers';
import type { IHeaders, Message } from 'kafkajs';
import { newTraceparent } from './trace';

/** A message whose value is already encoded (and so validated) by `encode()` of @mdp/contracts. */
export type OutgoingMessage = {
  key: string | Buffer | null;
  /** null is a tombstone (deletes the key from a compacted topic). */
  value: Buffer | null;
  /** Trace context of this message; a new trace is started when absent (see `childTraceparent`). */
  traceparent?: string;
  /** Envelope type, written to the `message-type` header. */
  type?: string;
  headers?: Readonly<IHeaders>;
  partition?: number;
};

/** The kafkajs message with `produced-at` (epoch ms), `traceparent` and `message-type` headers set. */
export function toKafkaMessage(msg: OutgoingMessage, nowMs: number): Message {
  const headers: IHeaders = {
    ...msg.headers,
    [Headers.producedAt]: String(nowMs),
    [Headers.traceparent]: msg.traceparent ?? newTraceparent(),
  };
  if (msg.type !== undefined) headers[Headers.messageType] = msg.type;
  const message: Message = { key: msg.key, value: msg.value, headers };
  if (msg.partition !== undefined) message.partition = msg.partition;
  return message;
}
