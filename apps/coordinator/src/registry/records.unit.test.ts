import { testRecord } from '../testing/records';
import { addRequester, creatingRecord, withRequester } from './records';

describe('registry records', () => {
  it('keeps requesters unique, the latest last, and at most 1000', () => {
    expect(addRequester(['a', 'b'], 'a')).toEqual(['b', 'a']);
    expect(addRequester(['a'], null)).toEqual(['a']);
    const many = Array.from({ length: 1000 }, (_, i) => `app${i}`);
    const next = addRequester(many, 'new');
    expect(next).toHaveLength(1000);
    expect(next.at(-1)).toBe('new');
    expect(next[0]).toBe('app1');
  });

  it('keeps the creation time of a record being recreated, and restarts the idle clock on a new requester', () => {
    const existing = testRecord({ status: 'failed', createdAt: '2020-01-01T00:00:00.000Z' });
    const task = {
      kind: 'create',
      taskId: 't',
      requestId: 'r2',
      appId: 'b',
      topic: existing.topic,
      spec: existing.spec,
      requestedAt: 0,
    } as const;
    const record = creatingRecord(
      task,
      existing,
      { partitions: 4, retentionMs: 60_000, cleanupPolicy: 'delete' },
      1_000,
    );
    expect(record).toMatchObject({
      status: 'creating',
      createdAt: '2020-01-01T00:00:00.000Z',
      partitions: 4,
      requestedBy: ['app', 'b'],
      lastRequestId: 'r2',
      reason: null,
    });
    expect(withRequester(testRecord(), 'c', 'r3', 5_000)).toMatchObject({
      requestedBy: ['app', 'c'],
      lastRequestId: 'r3',
      updatedAt: new Date(5_000).toISOString(),
    });
  });
});
