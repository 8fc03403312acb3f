import type { TopicStatus } from '@mdp/contracts/control';
import type { CoordinatorConfig } from '../config';
import type { CreateTask, RecordData } from '../tasks';

/** The registry record keeps at most this many requesting apps (the schema's bound), the latest ones. */
const MAX_REQUESTERS = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

export function addRequester(requestedBy: readonly string[], appId: string | null): string[] {
  if (!appId) return [...requestedBy];
  const without = requestedBy.filter((a) => a !== appId);
  return [...without, appId].slice(-MAX_REQUESTERS);
}

/** The record written before the topic is created: if we die now, reconciliation knows the spec. */
export function creatingRecord(
  task: CreateTask,
  existing: RecordData | undefined,
  topicConfig: CoordinatorConfig['topic'],
  now: number,
): RecordData {
  return {
    topic: task.topic,
    spec: task.spec,
    status: 'creating',
    partitions: topicConfig.partitions,
    retentionMs: topicConfig.retentionMs,
    createdAt: existing?.createdAt ?? iso(now),
    updatedAt: iso(now),
    requestedBy: addRequester(existing?.requestedBy ?? [], task.appId),
    lastRequestId: task.requestId ?? existing?.lastRequestId ?? null,
    reason: null,
  };
}

export function withStatus(
  record: RecordData,
  status: TopicStatus,
  now: number,
  reason: string | null = null,
): RecordData {
  return { ...record, status, updatedAt: iso(now), reason: reason?.slice(0, 500) ?? null };
}

/** Another app asks for an active topic: it joins `requestedBy`, and the idle clock starts over. */
export function withRequester(record: RecordData, appId: string, requestId: string, now: number): RecordData {
  return {
    ...record,
    requestedBy: addRequester(record.requestedBy, appId),
    lastRequestId: requestId,
    updatedAt: iso(now),
  };
}
