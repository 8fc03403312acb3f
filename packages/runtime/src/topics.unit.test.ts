import { topicConfigEntries } from './topics';

describe('topicConfigEntries', () => {
  it('adds cleanup.policy=compact for compacted topics', () => {
    expect(topicConfigEntries({ topic: 'control.topics.v1', partitions: 1, compacted: true })).toEqual([
      { name: 'cleanup.policy', value: 'compact' },
    ]);
  });

  it('adds retention and passes other configs through', () => {
    expect(
      topicConfigEntries({
        topic: 't',
        partitions: 3,
        retentionMs: 86_400_000,
        configs: { 'min.insync.replicas': '2' },
      }),
    ).toEqual([
      { name: 'min.insync.replicas', value: '2' },
      { name: 'retention.ms', value: '86400000' },
    ]);
  });

  it('has no entries for a plain topic', () => {
    expect(topicConfigEntries({ topic: 't', partitions: 1 })).toEqual([]);
  });
});
