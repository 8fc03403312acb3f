import { topicNames } from '@mdp/contracts/topic-names';
import { controlTopicSpecs, fixedTopicSpecs } from './platform-topics';

describe('platform topics', () => {
  const names = topicNames('t-1');

  it('has one request partition and a compacted registry', () => {
    expect(controlTopicSpecs(names)).toEqual([
      { topic: 't-1.control.requests.v1', partitions: 1 },
      { topic: 't-1.control.topics.v1', partitions: 1, compacted: true },
      { topic: 't-1.control.events.v1', partitions: 1 },
    ]);
  });

  it('gives the fixed topics the partitions asked for', () => {
    expect(fixedTopicSpecs(names, 6).map((s) => [s.topic, s.partitions])).toEqual([
      ['t-1.market.ticks.v1', 6],
      ['t-1.market.candles.1m.v1', 6],
    ]);
  });
});
