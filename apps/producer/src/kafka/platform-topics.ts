import type { TopicNames } from '@mdp/contracts/topic-names';
import type { TopicSpec } from '@mdp/runtime/topics';

/**
 * Topics the producer needs before it can run: the fixed data topics it writes, and the control
 * topics it reads and writes (created here too so the producer can start before the coordinator;
 * creating an existing topic is a success, so whoever comes first wins).
 */
export function platformTopics(topics: TopicNames, fixedPartitions: number): TopicSpec[] {
  return [
    { topic: topics.ticks, partitions: fixedPartitions },
    { topic: topics.candles1m, partitions: fixedPartitions },
    { topic: topics.requests, partitions: 1 },
    { topic: topics.registry, partitions: 1, compacted: true },
    { topic: topics.events, partitions: 1 },
  ];
}
