import type { FeedEntry } from '../topics/feed';
import { encodePosition } from '../topics/position';
import type { Gap } from './feed-cursor';

/**
 * The JSON the gateway writes, built by concatenation: the messages are forwarded as the producer
 * wrote them (validated JSON lines), never parsed and re-serialized per client.
 */
export const gapJson = (gap: Gap): string =>
  `{"from":"${encodePosition(gap.from)}","to":"${encodePosition(gap.to)}","dropped":${gap.dropped},"conflated":${gap.conflated}}`;

const messagesJson = (entries: readonly FeedEntry[]): string => `[${entries.map((e) => e.json).join(',')}]`;

export const wsDataFrame = (
  id: string,
  topic: string,
  position: string,
  entries: readonly FeedEntry[],
): string =>
  `{"type":"data","id":${JSON.stringify(id)},"topic":"${topic}","position":"${position}","messages":${messagesJson(entries)}}`;

export const wsGapFrame = (id: string, topic: string, gap: Gap): string =>
  `{"type":"gap","id":${JSON.stringify(id)},"topic":"${topic}",${gapJson(gap).slice(1)}`;

export type Undelivered = { sequence: number; from: string; to: string; messages: number };

export function webhookPayload(p: {
  webhookId: string;
  topic: string;
  sequence: number;
  position: string;
  gap: Gap | undefined;
  undelivered: Undelivered | undefined;
  entries: readonly FeedEntry[];
}): string {
  const gap = p.gap ? `,"gap":${gapJson(p.gap)}` : '';
  const undelivered = p.undelivered ? `,"undelivered":${JSON.stringify(p.undelivered)}` : '';
  return `{"webhookId":${JSON.stringify(p.webhookId)},"topic":"${p.topic}","sequence":${p.sequence},"position":"${p.position}"${gap}${undelivered},"messages":${messagesJson(p.entries)}}`;
}
