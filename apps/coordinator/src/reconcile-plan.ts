import type { CoordinatorConfig } from './config';
import type { RecordData } from './tasks';

/**
 * How the broker's dynamic topics and the registry are brought back in line after a crash:
 * - `creating` record, topic exists: the crash came after the create; finish (record active, announce).
 * - `creating` record, topic missing, or `active` record whose topic vanished: create it again and
 *   announce (or, with RECONCILE_MISSING=fail, mark an active one failed).
 * - `retiring` record, topic gone: the delete happened; write the tombstone and announce TopicRetired.
 * - a topic with no record: nobody can know its spec, so it is deleted once it has stayed an orphan
 *   for ORPHAN_GRACE_MS (the grace covers a registry write still on its way).
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
  now: number;
  /** When each orphan was first seen; updated in place (orphans that got a record are dropped). */
  orphansSeen: Map<string, number>;
  lifecycle: Pick<CoordinatorConfig['lifecycle'], 'orphanGraceMs' | 'reconcileMissing'>;
};

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
  for (const topic of input.orphansSeen.keys()) {
    if (known.has(topic) || !input.brokerTopics.has(topic)) input.orphansSeen.delete(topic);
  }
  for (const topic of input.brokerTopics) {
    if (known.has(topic)) continue;
    const seen = input.orphansSeen.get(topic) ?? input.now;
    input.orphansSeen.set(topic, seen);
    if (input.now - seen >= input.lifecycle.orphanGraceMs) actions.push({ kind: 'delete-orphan', topic });
  }
  return actions;
}
