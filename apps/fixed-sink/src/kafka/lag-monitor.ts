import type { Logger } from '@mdp/runtime/logger';
import type { Admin } from 'kafkajs';

export type PartitionLag = { readonly topic: string; readonly partition: number; readonly lag: number };

/**
 * Messages not yet committed by the group, per partition: high watermark minus committed offset (the
 * low watermark when nothing is committed). Read from the broker, so it keeps growing while the sink
 * is paused and fetches nothing.
 */
export async function readLag(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const lags: PartitionLag[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of ends) {
      const offset = Number(done.find((p) => p.partition === end.partition)?.offset ?? '-1');
      const from = offset >= 0 ? offset : Number(end.low);
      lags.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
    }
  }
  return lags;
}

/** Polls the lag every `intervalMs` until stopped; a failed poll is logged and skipped. */
export function startLagMonitor(opts: {
  admin: Admin;
  groupId: string;
  topics: readonly string[];
  intervalMs: number;
  onLag: (lags: readonly PartitionLag[]) => void;
  logger: Logger;
}): { stop(): void } {
  let busy = false;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      opts.onLag(await readLag(opts.admin, opts.groupId, opts.topics));
    } catch (error) {
      opts.logger.debug({ err: error }, 'lag poll failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), opts.intervalMs);
  timer.unref();
  void poll();
  return { stop: () => clearInterval(timer) };
}
