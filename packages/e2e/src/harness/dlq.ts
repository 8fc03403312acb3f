import { DlqHeaders } from '@mdp/contracts/headers';
import type { Kafka } from 'kafkajs';
import { listTopics, readTopic } from './kafka';

export type DlqEntry = { value: string | null; reason: string; reasonCode: string; sourceTopic: string };

const header = (headers: Record<string, unknown>, name: string) => {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? '' : String(first);
};

/** What a service put on its DLQ: the original value and the reason headers. */
export async function readDlq(kafka: Kafka, dlqTopic: string): Promise<DlqEntry[]> {
  if (!(await listTopics(kafka, dlqTopic)).includes(dlqTopic)) return [];
  return (await readTopic(kafka, dlqTopic)).map((m) => ({
    value: m.value?.toString('utf8') ?? null,
    reason: header(m.headers, DlqHeaders.reason),
    reasonCode: header(m.headers, DlqHeaders.reasonCode),
    sourceTopic: header(m.headers, DlqHeaders.sourceTopic),
  }));
}
