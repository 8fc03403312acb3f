import type { PartitionRange, SinkBatch, SourceMessage } from './batch';

type Chunk = { readonly messages: readonly SourceMessage[]; next: number; readonly bufferedAt: number };

const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Messages fetched but not yet written, in arrival order (so in offset order per partition), cut
 * into batches of at most `max` messages. A message at or below the last offset already buffered
 * for its partition is a redelivery and is dropped; forgetting a partition (rebalance, a batch given
 * up) also forgets its last offset, so its refetch is accepted again.
 */
export class BatchBuffer {
  private chunks: Chunk[] = [];
  private count = 0;
  private nextId = 1;
  private readonly lastOffsets = new Map<string, bigint>();

  get size(): number {
    return this.count;
  }

  /** Adds messages of one topic-partition (in offset order); returns how many were new. */
  add(messages: readonly SourceMessage[], now: number): number {
    const first = messages[0];
    if (!first) return 0;
    const key = partitionKey(first.topic, first.partition);
    const last = this.lastOffsets.get(key);
    // Offsets ascend within a fetch: only a batch starting at or below the last one needs filtering.
    const fresh =
      last === undefined || BigInt(first.message.offset) > last
        ? messages
        : messages.filter((m) => BigInt(m.message.offset) > last);
    const tail = fresh[fresh.length - 1];
    if (!tail) return 0;
    this.lastOffsets.set(key, BigInt(tail.message.offset));
    this.chunks.push({ messages: fresh, next: 0, bufferedAt: now });
    this.count += fresh.length;
    return fresh.length;
  }

  /** When the oldest buffered message arrived, or undefined when empty. */
  oldestBufferedAt(): number | undefined {
    return this.chunks[0]?.bufferedAt;
  }

  /** A full batch is waiting, or a partial one has waited `flushIntervalMs`. */
  isReady(now: number, batchSize: number, flushIntervalMs: number): boolean {
    const oldest = this.oldestBufferedAt();
    return this.count >= batchSize || (oldest !== undefined && now - oldest >= flushIntervalMs);
  }

  /** Takes up to `max` of the oldest messages as a batch, or undefined when empty. */
  take(max: number, now = Date.now()): SinkBatch | undefined {
    const bufferedAt = this.oldestBufferedAt();
    if (bufferedAt === undefined || max < 1) return undefined;
    const messages: SourceMessage[] = [];
    while (messages.length < max) {
      const chunk = this.chunks[0];
      if (!chunk) break;
      const end = Math.min(chunk.messages.length, chunk.next + (max - messages.length));
      for (let i = chunk.next; i < end; i++) messages.push(chunk.messages[i] as SourceMessage);
      chunk.next = end;
      if (end === chunk.messages.length) this.chunks.shift();
    }
    this.count -= messages.length;
    return { id: this.nextId++, messages, ranges: rangesOf(messages), bufferedAt, takenAt: now };
  }

  /** Drops the buffered messages of the partitions `matches` selects (and forgets their last offsets). */
  drop(matches: (topic: string, partition: number) => boolean): number {
    let dropped = 0;
    this.chunks = this.chunks.filter((chunk) => {
      const first = chunk.messages[0];
      if (!first || !matches(first.topic, first.partition)) return true;
      dropped += chunk.messages.length - chunk.next;
      return false;
    });
    for (const key of [...this.lastOffsets.keys()]) {
      const [topic = '', partition = ''] = key.split('\u0000');
      if (matches(topic, Number(partition))) this.lastOffsets.delete(key);
    }
    this.count -= dropped;
    return dropped;
  }

  clear(): number {
    return this.drop(() => true);
  }
}

/** First and last offset of each topic-partition in a batch (messages in offset order per partition). */
export function rangesOf(messages: readonly SourceMessage[]): PartitionRange[] {
  const ranges = new Map<
    string,
    { topic: string; partition: number; firstOffset: string; lastOffset: string }
  >();
  for (const m of messages) {
    const key = partitionKey(m.topic, m.partition);
    const range = ranges.get(key);
    if (range) range.lastOffset = m.message.offset;
    else
      ranges.set(key, {
        topic: m.topic,
        partition: m.partition,
        firstOffset: m.message.offset,
        lastOffset: m.message.offset,
      });
  }
  return [...ranges.values()];
}
