import { decode, encode } from '@mdp/contracts/codec';
import { type TopicRecord, TopicRecordSchema } from '@mdp/contracts/control';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { err, ok } from '@mdp/contracts/result';
import type { Logger } from '@mdp/runtime/logger';
import type { Registry } from '@mdp/runtime/metrics';
import type { IdempotentProducer } from '@mdp/runtime/producer';
import { createRegistryReader, type RegistryReader } from '@mdp/runtime/registry-reader';
import { waitUntil } from '@mdp/runtime/wait-until';
import type { Admin, Kafka } from 'kafkajs';
import type { RegistryLookup } from '../requests/policy';
import type { RecordData } from '../tasks';

export const SOURCE = 'coordinator';

export type RegistryView = RegistryLookup & {
  start(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
  /** Waits until everything written to the registry so far was read: a new active coordinator must see its predecessor's last writes. */
  catchUp(
    timeoutMs: number,
    offsets?: ReadonlyArray<{ partition: number; low: string; high: string }>,
  ): Promise<boolean>;
  put(record: RecordData): Promise<void>;
  /** Writes the tombstone: the topic is gone. */
  remove(topic: string): Promise<void>;
  isCaughtUp(): boolean;
  /** The last offset read back per partition (registry/health.ts compares it with the end offsets). */
  readPositions(): ReadonlyMap<number, bigint>;
  /** The topic was replaced (deleted and recreated): positions read on the old one mean nothing now. */
  forgetReadPositions(): void;
};

type Pending = { value: TopicRecord | null };

/**
 * The registry (`control.topics.v1`) as a table: the runtime's reader rebuilds it from the start and
 * follows it; this process's own writes are visible at once through an overlay that is dropped when
 * the reader has read them back (matched by envelope id, or tombstone for tombstone).
 */
export function createRegistryView(deps: {
  kafka: Kafka;
  admin: Admin;
  producer: IdempotentProducer;
  topic: string;
  logger: Logger;
  metrics?: Registry;
}): RegistryView {
  const overlay = new Map<string, Pending>();
  const readUpTo = new Map<number, bigint>();
  const seen = (at: { partition: number; offset: string }) => {
    const offset = BigInt(at.offset);
    if (offset > (readUpTo.get(at.partition) ?? -1n)) readUpTo.set(at.partition, offset);
  };
  const reader: RegistryReader<TopicRecord> = createRegistryReader<TopicRecord>({
    kafka: deps.kafka,
    topic: deps.topic,
    logger: deps.logger,
    groupIdPrefix: 'coordinator-registry',
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    decode: (value, message) => {
      const decoded = decode(TopicRecordSchema, value);
      if (!decoded.ok) return err({ code: decoded.error.code, message: decoded.error.message });
      // Keyed by another name than its topic, a tombstone of the topic would not delete it.
      if (message.key?.toString('utf8') !== decoded.value.data.topic)
        return err({ code: 'wrong_key', message: 'registry record keyed by another name than its topic' });
      return ok(decoded.value);
    },
    onChange: (key, value, change) => {
      seen(change);
      const pending = overlay.get(key);
      if (pending && (pending.value === null ? value === null : value?.id === pending.value.id))
        overlay.delete(key);
    },
    onInvalid: (_key, _reason, at) => seen(at),
  });

  const current = (topic: string): RecordData | undefined => {
    const pending = overlay.get(topic);
    if (pending) return pending.value?.data;
    return reader.get(topic)?.data;
  };

  const write = async (topic: string, value: TopicRecord | null) => {
    let buffer: Buffer | null = null;
    if (value) {
      const encoded = encode(TopicRecordSchema, value);
      if (!encoded.ok) throw new Error(`invalid registry record for ${topic}: ${encoded.error.message}`);
      buffer = encoded.value;
    }
    // Overlay first: the reader may read the record back before the send's promise resolves.
    const before = overlay.get(topic);
    overlay.set(topic, { value });
    try {
      await deps.producer.send(deps.topic, [{ key: topic, value: buffer, type: 'TopicRecord' }]);
    } catch (e) {
      if (before) overlay.set(topic, before);
      else overlay.delete(topic);
      throw e;
    }
  };

  return {
    start: async (timeoutMs) => {
      await reader.start();
      await reader.waitUntilCaughtUp(timeoutMs);
    },
    stop: () => reader.stop(),
    async catchUp(timeoutMs, given) {
      const offsets = given ?? (await deps.admin.fetchTopicOffsets(deps.topic));
      const caughtUp = () =>
        offsets.every(
          (p) => BigInt(p.high) <= BigInt(p.low) || (readUpTo.get(p.partition) ?? -1n) >= BigInt(p.high) - 1n,
        );
      if (await waitUntil(caughtUp, { timeoutMs, intervalMs: 25 })) return true;
      deps.logger.warn(
        { topic: deps.topic, offsets },
        'registry not caught up in time; going on with the view as is',
      );
      return false;
    },
    get: current,
    *values() {
      for (const [topic, record] of reader.entries()) {
        if (!overlay.has(topic)) yield record.data;
      }
      for (const pending of overlay.values()) if (pending.value) yield pending.value.data;
    },
    put: (record) => write(record.topic, makeEnvelope('TopicRecord', 1, SOURCE, record)),
    remove: (topic) => write(topic, null),
    isCaughtUp: () => reader.isCaughtUp(),
    readPositions: () => readUpTo,
    forgetReadPositions: () => readUpTo.clear(),
  };
}
