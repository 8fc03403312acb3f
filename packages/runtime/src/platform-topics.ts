import type { TopicNames } from '@mdp/contracts/topic-names';
import type { TopicSpec } from './topics';

/**
 * The control topics every service needs. Each service ensures them at start, so any of them can
 * start first; creating an existing topic is a success, so the settings must be the same everywhere:
 * they live here. The request topic has one partition so only one coordinator is active at a time.
 */
export function controlTopicSpecs(names: Pick<TopicNames, 'requests' | 'registry' | 'events'>): TopicSpec[] {
  return [
    { topic: names.requests, partitions: 1 },
    { topic: names.registry, partitions: 1, compacted: true },
    { topic: names.events, partitions: 1 },
  ];
}

/** The fixed data topics (written by the producer, read by the sink). */
export function fixedTopicSpecs(
  names: Pick<TopicNames, 'ticks' | 'candles1m'>,
  partitions: number,
): TopicSpec[] {
  return [
    { topic: names.ticks, partitions },
    { topic: names.candles1m, partitions },
  ];
}
