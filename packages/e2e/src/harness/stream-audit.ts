import type { TopicMessage } from './kafka';
import type { SseClient } from './sse-client';

/** What an application received over SSE, against what its dynamic topic holds over the same span. */
export type StreamAudit = {
  /** Messages on the topic between the client's first position and its last one. */
  expected: number;
  received: number;
  missing: number;
  duplicates: number;
  /** Received, but not on the topic in that span. */
  unexpected: number;
  /** Messages the gateway said it skipped (gap events), and how many gap events. */
  signalledSkipped: number;
  gaps: number;
  reopens: number;
};

const parsePosition = (text: string) => text.split('.').map(Number);

/** What the client had received at one moment. */
export type ClientSnapshot = Pick<SseClient, 'messages' | 'gaps' | 'readies' | 'reopens' | 'lastEventId'>;

/**
 * Freeze the client's view BEFORE reading the topic: the stream keeps flowing while the topic is
 * read, and a message the client got after the topic's end was taken would look like one that is
 * not on the topic.
 */
export function snapshotClient(client: SseClient): ClientSnapshot {
  return {
    messages: [...client.messages],
    gaps: [...client.gaps],
    readies: [...client.readies],
    reopens: client.reopens,
    lastEventId: client.lastEventId,
  };
}

/**
 * Span: from the position of the client's first `ready` event to the id of the last message it
 * got (each SSE id is the position right after its message). In that span every message must have
 * arrived once, unless a gap event declared it skipped.
 */
export function auditStream(client: ClientSnapshot, topicMessages: readonly TopicMessage[]): StreamAudit {
  const first = client.readies[0];
  const last = client.lastEventId;
  const start = first ? parsePosition(first.position) : [];
  const end = last ? parsePosition(last) : start;
  const expectedIds = new Set<string>();
  for (const m of topicMessages) {
    if (m.offset < (start[m.partition] ?? 0) || m.offset >= (end[m.partition] ?? 0)) continue;
    const id = (JSON.parse(m.value?.toString('utf8') ?? '{}') as { id?: string }).id;
    if (id) expectedIds.add(id);
  }
  const seen = new Set<string>();
  let duplicates = 0;
  let unexpected = 0;
  for (const m of client.messages) {
    if (seen.has(m.envelope.id)) duplicates += 1;
    seen.add(m.envelope.id);
    if (!expectedIds.has(m.envelope.id)) unexpected += 1;
  }
  const missing = [...expectedIds].filter((id) => !seen.has(id)).length;
  return {
    expected: expectedIds.size,
    received: client.messages.length,
    missing,
    duplicates,
    unexpected,
    signalledSkipped: client.gaps.reduce((sum, g) => sum + g.dropped + g.conflated, 0),
    gaps: client.gaps.length,
    reopens: client.reopens,
  };
}

/** No loss, or an explicit gap signal covering exactly what is missing; never a duplicate. */
export const streamIsSound = (a: StreamAudit) =>
  a.duplicates === 0 && a.unexpected === 0 && (a.missing === 0 || a.missing <= a.signalledSkipped);

export const summarizeStream = (a: StreamAudit) =>
  `stream received ${a.received}/${a.expected}, missing ${a.missing}, duplicates ${a.duplicates}, ` +
  `unexpected ${a.unexpected}, gaps ${a.gaps} (${a.signalledSkipped} skipped), reopened ${a.reopens}`;
