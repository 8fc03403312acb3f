import type { Admin } from 'kafkajs';
import { createRegistryHealth } from './health';

/** Only what the check asks the broker: the seal group's committed offsets. */
const adminWithSeal = (offset: string | null) =>
  ({
    fetchOffsets: async () => [
      { topic: 'reg', partitions: offset === null ? [] : [{ partition: 0, offset, metadata: null }] },
    ],
  }) as unknown as Admin;

const health = createRegistryHealth({ topic: 'reg', sealGroup: 'g.registry-seal' });
const state = (over: Partial<Parameters<typeof health.check>[1]> = {}) => ({
  exists: true,
  caughtUp: true,
  offsets: [{ partition: 0, low: '0', high: '10' }],
  readUpTo: new Map([[0, 9n]]),
  ...over,
});

describe('registry health', () => {
  it('is complete when the topic exists, was read to its end, is whole, of this incarnation and sealed', async () => {
    expect(await health.check(adminWithSeal('0'), state())).toEqual({ complete: true, gaps: [] });
    // an empty, sealed registry is complete too
    const empty = state({ offsets: [{ partition: 0, low: '0', high: '0' }], readUpTo: new Map() });
    expect(await health.check(adminWithSeal('0'), empty)).toEqual({ complete: true, gaps: [] });
  });

  it('names every reason a read is not complete', async () => {
    const sealed = adminWithSeal('0');
    expect(await health.check(sealed, state({ exists: false }))).toEqual({
      complete: false,
      gaps: ['missing'],
    });
    expect((await health.check(sealed, state({ caughtUp: false }))).gaps).toEqual(['not_caught_up']);
    // records were cut off (retention or DeleteRecords): a compaction never moves the log start
    const truncated = state({ offsets: [{ partition: 0, low: '4', high: '10' }] });
    expect((await health.check(sealed, truncated)).gaps).toEqual(['truncated']);
    // the reader read offset 9 of a topic that now ends at 3: deleted and recreated
    const replaced = state({ offsets: [{ partition: 0, low: '0', high: '3' }] });
    expect((await health.check(sealed, replaced)).gaps).toEqual(['replaced']);
    // a recreated topic has lost the seal's offsets (Kafka drops them with the topic)
    expect((await health.check(adminWithSeal('-1'), state())).gaps).toEqual(['unsealed']);
    expect((await health.check(adminWithSeal(null), state())).gaps).toEqual(['unsealed']);
  });
});
