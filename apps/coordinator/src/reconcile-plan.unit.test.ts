import { testRecord } from '../test/records';
import { planReconcile, type ReconcileInput } from './reconcile-plan';

const input = (over: Partial<ReconcileInput>): ReconcileInput => ({
  brokerTopics: new Set(),
  records: [],
  now: 10_000,
  orphansSeen: new Map(),
  lifecycle: { orphanGraceMs: 1_000, reconcileMissing: 'recreate' },
  ...over,
});

describe('planReconcile', () => {
  it('finishes creating records, recreates vanished topics, finishes retirements', () => {
    const creatingExists = testRecord({ topic: 'c1', status: 'creating' });
    const creatingMissing = testRecord({ topic: 'c2', status: 'creating' });
    const activeMissing = testRecord({ topic: 'a1' });
    const activeFine = testRecord({ topic: 'a2' });
    const retiringGone = testRecord({ topic: 'r1', status: 'retiring' });
    const retiringThere = testRecord({ topic: 'r2', status: 'retiring' });
    const failed = testRecord({ topic: 'f1', status: 'failed' });
    const actions = planReconcile(
      input({
        brokerTopics: new Set(['c1', 'a2', 'r2', 'f1']),
        records: [
          creatingExists,
          creatingMissing,
          activeMissing,
          activeFine,
          retiringGone,
          retiringThere,
          failed,
        ],
      }),
    );
    expect(actions.map((a) => [a.kind, 'record' in a ? a.record.topic : a.topic])).toEqual([
      ['complete', 'c1'],
      ['recreate', 'c2'],
      ['recreate', 'a1'],
      ['finish-retire', 'r1'],
    ]);
  });

  it('marks a vanished active topic failed when so configured', () => {
    const actions = planReconcile(
      input({
        records: [testRecord({ topic: 'a1' })],
        lifecycle: { orphanGraceMs: 0, reconcileMissing: 'fail' },
      }),
    );
    expect(actions).toMatchObject([{ kind: 'fail', record: { topic: 'a1' } }]);
  });

  it('deletes an orphan topic only after it stayed an orphan for the grace period', () => {
    const orphansSeen = new Map<string, number>();
    const brokerTopics = new Set(['o1']);
    expect(planReconcile(input({ brokerTopics, orphansSeen, now: 10_000 }))).toEqual([]);
    expect(planReconcile(input({ brokerTopics, orphansSeen, now: 10_999 }))).toEqual([]);
    expect(planReconcile(input({ brokerTopics, orphansSeen, now: 11_000 }))).toEqual([
      { kind: 'delete-orphan', topic: 'o1' },
    ]);
  });

  it('forgets an orphan that got its record meanwhile', () => {
    const orphansSeen = new Map([['o1', 0]]);
    const actions = planReconcile(
      input({ brokerTopics: new Set(['o1']), records: [testRecord({ topic: 'o1' })], orphansSeen }),
    );
    expect(actions).toEqual([]);
    expect(orphansSeen.size).toBe(0);
  });
});
