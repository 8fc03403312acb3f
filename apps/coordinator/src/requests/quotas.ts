import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { CoordinatorConfig } from '../config';
import type { RecordData, Rejection } from '../tasks';

export type Quotas = CoordinatorConfig['quotas'];

/** Records that hold (or are about to hold) a topic on the broker: every status but failed. */
export function isLive(record: RecordData): boolean {
  return record.status !== 'failed';
}

/** Is this spec allowed at all (kinds, symbol count)? Checked for every request, new topic or not. */
export function checkSpecPolicy(spec: DynamicTopicSpec, quotas: Quotas): Rejection | null {
  if (!quotas.allowedKinds.includes(spec.kind)) {
    return {
      code: 'kind_not_allowed',
      message: `kind ${spec.kind} is not allowed here; allowed: ${quotas.allowedKinds.join(', ')}`,
      issues: [{ path: 'kind', message: 'not allowed' }],
    };
  }
  if (spec.symbols.length > quotas.maxSymbols) {
    return {
      code: 'invalid_spec',
      message: `at most ${quotas.maxSymbols} symbols per topic`,
      issues: [{ path: 'symbols', message: `at most ${quotas.maxSymbols} symbols` }],
    };
  }
  return null;
}

/**
 * May `appId` make one more topic? Only asked when a request would create a topic: joining an existing
 * one is free. An app's count is the live topics whose `requestedBy` names it.
 */
export function checkTopicQuota(
  records: Iterable<RecordData>,
  appId: string,
  topic: string,
  quotas: Quotas,
): Rejection | null {
  let total = 0;
  let mine = 0;
  for (const record of records) {
    if (!isLive(record) || record.topic === topic) continue;
    total += 1;
    if (record.requestedBy.includes(appId)) mine += 1;
  }
  if (total >= quotas.maxTopics) {
    return {
      code: 'quota_total',
      message: `the platform has its maximum of ${quotas.maxTopics} dynamic topics`,
      issues: [],
    };
  }
  if (mine >= quotas.maxTopicsPerApp) {
    return {
      code: 'quota_app',
      message: `app ${appId} has its maximum of ${quotas.maxTopicsPerApp} dynamic topics`,
      issues: [],
    };
  }
  return null;
}
