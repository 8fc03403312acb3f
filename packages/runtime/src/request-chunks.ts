import type { Message } from 'kafkajs';

/** Brokers refuse a request over `message.max.bytes` (1 MB by default) per partition batch. */
export const DEFAULT_MAX_REQUEST_BYTES = 512 * 1024;
/** Record overhead beyond key and value (offsets, lengths, timestamp, header names), roughly. */
const RECORD_OVERHEAD_BYTES = 64;

function sizeOf(message: Message): number {
  let size = RECORD_OVERHEAD_BYTES;
  const { key, value, headers } = message;
  if (key) size += key.length;
  if (value) size += value.length;
  for (const [name, header] of Object.entries(headers ?? {})) {
    size += name.length + (typeof header === 'string' || Buffer.isBuffer(header) ? header.length : 0);
  }
  return size;
}

/**
 * Splits what one flush sends into requests of at most `maxMessages` messages and about `maxBytes`,
 * in order. A caller that falls behind can hand over thousands of messages at once; as one request
 * the broker would refuse it (too large), and the retry would be refused again, forever.
 */
export function requestChunks<T extends { message: Message }>(
  items: readonly T[],
  maxMessages: number,
  maxBytes: number,
): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item.message);
    if (chunk.length > 0 && (chunk.length >= maxMessages || bytes + size > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(item);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
