import type { Logger } from '@mdp/runtime/logger';

export type TopicCount = { topic: string; subscribers: number };

/** Beats a topic keeps being reported with 0 after its last subscriber left, so no beat misses the drop. */
export const ZERO_BEATS = 3;

/**
 * The topics of one heartbeat: every topic with subscribers, plus topics that recently had some,
 * reported with 0 for `ZERO_BEATS` beats. `zeroBeats` carries that memory between beats.
 */
export function heartbeatTopics(
  counts: ReadonlyMap<string, number>,
  zeroBeats: Map<string, number>,
): TopicCount[] {
  const out: TopicCount[] = [];
  for (const [topic, subscribers] of counts) {
    if (subscribers <= 0) continue;
    out.push({ topic, subscribers });
    zeroBeats.set(topic, 0);
  }
  for (const [topic, beats] of [...zeroBeats]) {
    if ((counts.get(topic) ?? 0) > 0) continue;
    if (beats >= ZERO_BEATS) {
      zeroBeats.delete(topic);
      continue;
    }
    out.push({ topic, subscribers: 0 });
    zeroBeats.set(topic, beats + 1);
  }
  return out.sort((a, b) => a.topic.localeCompare(b.topic));
}

export type HeartbeatOptions = {
  intervalMs: number;
  counts(): ReadonlyMap<string, number>;
  send(topics: TopicCount[]): Promise<void>;
  logger: Logger;
  onSent?(ok: boolean): void;
};

/** SubscriberHeartbeat every `intervalMs`; `stop()` sends a last one with every known topic at 0. */
export function createHeartbeat(opts: HeartbeatOptions) {
  const zeroBeats = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const beat = async (topics: TopicCount[]) => {
    try {
      await opts.send(topics);
      opts.onSent?.(true);
    } catch (e) {
      opts.onSent?.(false);
      opts.logger.warn({ err: e }, 'subscriber heartbeat failed; next one in an interval');
    }
  };
  return {
    start() {
      timer = setInterval(() => void beat(heartbeatTopics(opts.counts(), zeroBeats)), opts.intervalMs);
      timer.unref();
    },
    beatNow: () => beat(heartbeatTopics(opts.counts(), zeroBeats)),
    async stop() {
      clearInterval(timer);
      const last = heartbeatTopics(new Map(), zeroBeats);
      const known = new Set([...opts.counts().keys(), ...last.map((t) => t.topic)]);
      if (known.size > 0) await beat([...known].sort().map((topic) => ({ topic, subscribers: 0 })));
    },
  };
}
