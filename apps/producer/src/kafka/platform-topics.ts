import type { TopicNames } from '@mdp/contracts/topic-names';
import { controlTopicSpecs, fixedTopicSpecs } from '@mdp/runtime/platform-topics';
import type { TopicSpec } from '@mdp/runtime/topics';

/**
 * Topics the producer needs before it can run: the fixed data topics it writes, and the control
 * topics it reads and writes (ensured here too so the producer can start before the coordinator).
 */
export function platformTopics(topics: TopicNames, fixedPartitions: number): TopicSpec[] {
  return [...fixedTopicSpecs(topics, fixedPartitions), ...controlTopicSpecs(topics)];
}
