import { DlqHeaders } from '@mdp/contracts/headers';
import { readTopic } from '@mdp/e2e/harness/kafka';
import type { Kafka, Message } from 'kafkajs';
import {
  FUZZ_ID_HEADER,
  type HostileRecord,
  hostileRecord,
  type KafkaRecordOptions,
  type TopicFamily,
} from '../generators/kafka-records';
import type { Random } from '../random';

export type SentRecords = { family: TopicFamily; topic: string; ids: string[]; byShape: Map<string, number> };

const MAX_SEND_BYTES = 800_000;
const size = (r: HostileRecord) => (r.value?.length ?? 0) + (r.key?.length ?? 0) + 4_096;

/** Produces `count` hostile records for a family on `topic`, a few hundred kB per request at most. */
export async function sendHostileRecords(
  kafka: Kafka,
  family: TopicFamily,
  topic: string,
  count: number,
  random: Random,
  options: KafkaRecordOptions,
  /** Ids are `<idPrefix>-<n>`: unique per batch of a run. */
  idPrefix: string = family,
): Promise<SentRecords> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const ids: string[] = [];
  const byShape = new Map<string, number>();
  try {
    let batch: Message[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length > 0) await producer.send({ topic, messages: batch });
      batch = [];
      bytes = 0;
    };
    for (let i = 0; i < count; i += 1) {
      const id = `${idPrefix}-${i}`;
      const record = hostileRecord(family, random, id, options);
      if (bytes + size(record) > MAX_SEND_BYTES) await flush();
      batch.push({ key: record.key, value: record.value, headers: record.headers });
      bytes += size(record);
      ids.push(id);
      byShape.set(record.shape, (byShape.get(record.shape) ?? 0) + 1);
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return { family, topic, ids, byShape };
}

/** Produces one record as it is (for records near the size limit, each in a request of its own). */
export async function sendRecord(kafka: Kafka, topic: string, record: HostileRecord): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: [{ key: record.key, value: record.value, headers: record.headers }],
    });
  } finally {
    await producer.disconnect();
  }
}

export type DlqAnswer = { fuzzId: string; reasonCode: string; reason: string; sourceTopic: string };

const text = (value: unknown) => {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? '' : String(first);
};

/** The fuzz records a service put on its DLQ, with their reasons. */
export async function readDlqAnswers(kafka: Kafka, dlqTopic: string): Promise<DlqAnswer[]> {
  const messages = await readTopic(kafka, dlqTopic, 60_000).catch(() => []);
  return messages
    .filter((m) => m.headers[FUZZ_ID_HEADER] !== undefined)
    .map((m) => ({
      fuzzId: text(m.headers[FUZZ_ID_HEADER]),
      reasonCode: text(m.headers[DlqHeaders.reasonCode]),
      reason: text(m.headers[DlqHeaders.reason]),
      sourceTopic: text(m.headers[DlqHeaders.sourceTopic]),
    }));
}
