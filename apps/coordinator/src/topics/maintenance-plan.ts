import type { CoordinatorConfig } from '../config';
import type { SubscriberTracker } from '../events/subscribers';
import type { RecordData } from '../tasks';

export type MaintenancePlan = {
  /** Active topics idle for IDLE_RETIRE_MS: announce retirement. */
  retire: RecordData[];
  /** Retiring topics past their grace period: delete, tombstone, announce. */
  delete: RecordData[];
};

/** When a retiring topic may be deleted: its record turned retiring at `updatedAt`. */
export function deleteAfter(record: RecordData, retireGraceMs: number): number {
  return Date.parse(record.updatedAt) + retireGraceMs;
}

export function planMaintenance(
  records: Iterable<RecordData>,
  subscribers: SubscriberTracker,
  now: number,
  lifecycle: Pick<CoordinatorConfig['lifecycle'], 'idleRetireMs' | 'retireGraceMs'>,
): MaintenancePlan {
  const plan: MaintenancePlan = { retire: [], delete: [] };
  for (const record of records) {
    if (record.status === 'active') {
      // updatedAt moves when the topic is (re)activated or another app asks for it: a fresh start.
      const idleSince = subscribers.idleSince(record.topic, Date.parse(record.updatedAt), now);
      if (idleSince !== null && now - idleSince >= lifecycle.idleRetireMs) plan.retire.push(record);
    } else if (record.status === 'retiring' && now >= deleteAfter(record, lifecycle.retireGraceMs)) {
      plan.delete.push(record);
    }
  }
  return plan;
}
