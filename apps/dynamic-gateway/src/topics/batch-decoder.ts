import { decode } from '@mdp/contracts/codec';
import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { pairKey } from '@mdp/contracts/keys';
import { CandleMessageSchema, PriceTickMessageSchema } from '@mdp/contracts/market-data';
import type { RejectReason } from '@mdp/runtime/dlq';
import type { KafkaMessage } from 'kafkajs';
import type { FeedEntry } from './feed';

export type DecodedBatch = {
  entries: FeedEntry[];
  rejected: Array<{ message: KafkaMessage; reason: RejectReason }>;
};

const schemaFor = (kind: DynamicTopicSpec['kind']) =>
  kind === 'ticks' ? PriceTickMessageSchema : CandleMessageSchema;

/**
 * Validates one fetched batch of a dynamic topic: its messages must be envelopes of the spec's kind.
 * A valid message is forwarded as the producer wrote it (one JSON line); an invalid one is rejected
 * with a reason (the caller puts it on the DLQ), never forwarded and never dropped silently.
 */
export function decodeBatch(
  kind: DynamicTopicSpec['kind'],
  partition: number,
  messages: readonly KafkaMessage[],
): DecodedBatch {
  const schema = schemaFor(kind);
  const entries: FeedEntry[] = [];
  const rejected: DecodedBatch['rejected'] = [];
  for (const message of messages) {
    const decoded = decode(schema, message.value);
    if (!decoded.ok) {
      rejected.push({ message, reason: { code: decoded.error.code, message: decoded.error.message } });
      continue;
    }
    const text = (message.value as Buffer).toString('utf8');
    // An SSE data line must not contain a line break: re-serialize the rare pretty-printed message.
    const json = text.includes('\n') || text.includes('\r') ? JSON.stringify(JSON.parse(text)) : text;
    entries.push({
      seq: -1,
      partition,
      offset: Number(message.offset),
      key: pairKey(decoded.value.data),
      json,
      timestamp: Number(message.timestamp),
    });
  }
  return { entries, rejected };
}
