import { testRecord } from '../testing/records';
import type { OrphanReportEntry } from './orphan-plan';
import { findOrphans, planReconcile, type ReconcileInput } from './reconcile-plan';

const input = (over: Partial<ReconcileInput>): ReconcileInput => ({
  brokerTopics: new Set(),
  records: [],
  orphans: [],
  lifecycle: { reconcileMissing: 'recreate' },
  ...over,
});
const orphan = (topic: string, verdict: OrphanReportEntry['verdict']): OrphanReportEntry => ({
  topic,
  verdict,
  firstSeen: 0,
  quietSince: 0,
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
        lifecycle: { reconcileMissing: 'fail' },
      }),
    );
    expect(actions).toMatchObject([{ kind: 'fail', record: { topic: 'a1' } }]);
  });

  it('finds the broker topics that have no record', () => {
    expect(findOrphans(new Set(['a', 'o1', 'o2']), [testRecord({ topic: 'a' })])).toEqual(['o1', 'o2']);
  });

  it('deletes only orphans with the verdict delete that are still orphans', () => {
    const actions = planReconcile(
      input({
        brokerTopics: new Set(['o1', 'o2', 'o3', 'o4', 'o5']),
        records: [testRecord({ topic: 'o5' })],
        orphans: [
          orphan('o1', 'delete'),
          orphan('o2', 'registry_incomplete'),
          orphan('o3', 'in_use'),
          orphan('o4', 'grace'),
          orphan('o5', 'delete'), // got its record meanwhile
          orphan('gone', 'delete'), // no longer on the broker
        ],
      }),
    );
    expect(actions).toEqual([{ kind: 'delete-orphan', topic: 'o1' }]);
  });
});
