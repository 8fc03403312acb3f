import type { CoordinatorConfig } from '../config';
import type { RecordData } from '../tasks';
import type { OrphanReportEntry } from './orphan-plan';

/**
 * How the broker's dynamic topics and the registry are brought back in line after a crash:
 * - `creating` record, topic exists: the crash came after the create; finish (record active, announce).
 * - `creating` record, topic missing, or `active` record whose topic vanished: create it again and
 *   announce (or, with RECONCILE_MISSING=fail, mark an active one failed).
 * - `retiring` record, topic gone: the delete happened; write the tombstone and announce TopicRetired.
 * - a topic with no record (an orphan): deleted only with the verdict `delete` of orphan-plan.ts (a
 *   complete registry read, and no data nor subscribers for ORPHAN_GRACE_MS); otherwise kept and reported.
 * - `failed` records are left for operators (the admin API can retire them).
 */
export type ReconcileAction =
  | { kind: 'complete'; record: RecordData }
  | { kind: 'recreate'; record: RecordData }
  | { kind: 'fail'; record: RecordData; reason: string }
  | { kind: 'finish-retire'; record: RecordData }
  | { kind: 'delete-orphan'; topic: string };

export type ReconcileReport = {
  completed: number;
  recreated: number;
  failed: number;
  deleted: number;
  finished: number;
};

export type ReconcileInput = {
  brokerTopics: ReadonlySet<string>;
  records: Iterable<RecordData>;
  /** The orphans' verdicts (planOrphans). */
  orphans: readonly OrphanReportEntry[];
  lifecycle: Pick<CoordinatorConfig['lifecycle'], 'reconcileMissing'>;
};

/** Dynamic topics on the broker that have no registry record. */
export function findOrphans(brokerTopics: ReadonlySet<string>, records: Iterable<RecordData>): string[] {
  const known = new Set<string>();
  for (const record of records) known.add(record.topic);
  return [...brokerTopics].filter((topic) => !known.has(topic));
}

export function planReconcile(input: ReconcileInput): ReconcileAction[] {
  const actions: ReconcileAction[] = [];
  const known = new Set<string>();
  for (const record of input.records) {
    known.add(record.topic);
    const exists = input.brokerTopics.has(record.topic);
    if (record.status === 'creating') {
      actions.push(exists ? { kind: 'complete', record } : { kind: 'recreate', record });
    } else if (record.status === 'active' && !exists) {
      actions.push(
        input.lifecycle.reconcileMissing === 'recreate'
          ? { kind: 'recreate', record }
          : { kind: 'fail', record, reason: 'topic vanished from the broker' },
      );
    } else if (record.status === 'retiring' && !exists) {
      actions.push({ kind: 'finish-retire', record });
    }
  }
  for (const orphan of input.orphans) {
    const stillOrphan = input.brokerTopics.has(orphan.topic) && !known.has(orphan.topic);
    if (orphan.verdict === 'delete' && stillOrphan)
      actions.push({ kind: 'delete-orphan', topic: orphan.topic });
  }
  return actions;
}
