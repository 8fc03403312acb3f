import { decode } from '@mdp/contracts/codec';
import { type TopicRecord, TopicRecordSchema } from '@mdp/contracts/control';
import { type DynamicTopicSpec, normalizeSpec } from '@mdp/contracts/dynamic-spec';
import type { Result } from '@mdp/contracts/result';
import { err, ok } from '@mdp/contracts/result';
import { isDynamicTopic } from '@mdp/contracts/topic-names';
import type { RejectReason } from '@mdp/runtime/dlq';

/**
 * Registry values as the registry reader needs them: validated TopicRecords or a reason. A record
 * keyed by another name than its topic is refused: a tombstone of its topic would not delete it.
 */
export function decodeTopicRecord(
  value: Buffer,
  message?: { key: Buffer | null },
): Result<TopicRecord, RejectReason> {
  const decoded = decode(TopicRecordSchema, value);
  if (!decoded.ok) return err({ code: decoded.error.code, message: decoded.error.message });
  if (message && message.key?.toString('utf8') !== decoded.value.data.topic)
    return err({ code: 'wrong_key', message: 'registry record keyed by another name than its topic' });
  return ok(decoded.value);
}

/** The dynamic topics of this namespace the producer must publish to: registry records with status active. */
export function activeTopics(
  records: ReadonlyMap<string, TopicRecord>,
  namespace: string,
): Map<string, DynamicTopicSpec> {
  const active = new Map<string, DynamicTopicSpec>();
  for (const [key, record] of records) {
    const { topic, status, spec } = record.data;
    if (status !== 'active' || topic !== key || !isDynamicTopic(topic, namespace)) continue;
    const normalized = normalizeSpec(spec);
    if (normalized.ok) active.set(topic, normalized.value);
  }
  return active;
}
