import { announce } from '../events/announcements';
import type { MaintenanceReport } from '../machine';
import { withStatus } from '../registry/records';
import type { RecordData, RetireReason, RetireTask } from '../tasks';
import { deleteAfter, planMaintenance } from '../topics/maintenance-plan';
import { type OrphanFacts, planOrphans } from '../topics/orphan-plan';
import {
  findOrphans,
  planReconcile,
  type ReconcileAction,
  type ReconcileReport,
} from '../topics/reconcile-plan';
import type { StepDeps } from './deps';

/** At most this many topics are retired or deleted per maintenance step, so requests never wait long. */
const MAX_ACTIONS_PER_STEP = 20;

/** Retirement and reconciliation: the steps that keep the broker and the registry in line. */
export function createLifecycleSteps(deps: StepDeps) {
  const { view, topics, config, now, metrics, logger } = deps;
  const { lifecycle } = config;

  const markRetiring = async (record: RecordData, reason: RetireReason) => {
    const retiring = withStatus(record, 'retiring', now(), reason);
    await view.put(retiring);
    await deps.sendEvents([
      announce.retiring(record.topic, reason, deleteAfter(retiring, lifecycle.retireGraceMs)),
    ]);
    metrics.retirements.inc({ reason });
    logger.info({ topic: record.topic, reason }, 'topic retiring');
  };

  /** Delete first, then the tombstone: a crash in between leaves a retiring record reconciliation finishes. */
  const finishRetirement = async (topic: string) => {
    await topics.delete(topic);
    await view.remove(topic);
    await deps.sendEvents([announce.retired(topic)]);
    deps.subscribers.forget(topic);
    logger.info({ topic }, 'topic retired');
  };

  /** Runs every action; one failing does not stop the others, but if all fail the step fails (and is retried). */
  async function each<T>(
    items: readonly T[],
    run: (item: T) => Promise<void>,
    onResult: (item: T, ok: boolean) => void,
  ) {
    let failures = 0;
    let lastError: unknown;
    for (const item of items) {
      try {
        await run(item);
        onResult(item, true);
      } catch (e) {
        failures += 1;
        lastError = e;
        onResult(item, false);
        logger.warn({ err: e }, 'lifecycle action failed; it is retried on the next pass');
      }
    }
    if (items.length > 0 && failures === items.length) throw lastError;
    return failures;
  }

  const reconcileAction = async (action: ReconcileAction) => {
    switch (action.kind) {
      case 'complete':
      case 'recreate': {
        const { record } = action;
        const { partitions } =
          action.kind === 'recreate' ? await topics.create(record.topic) : { partitions: record.partitions };
        const active = { ...withStatus(record, 'active', now()), partitions };
        await view.put(active);
        // A creating record's requester may still wait; a recreated active topic answers nobody.
        await deps.sendEvents([
          announce.activated(active, record.status === 'creating' ? record.lastRequestId : null),
        ]);
        return;
      }
      case 'fail':
        await view.put(withStatus(action.record, 'failed', now(), action.reason));
        return;
      case 'finish-retire':
        await finishRetirement(action.record.topic);
        return;
      case 'delete-orphan':
        await topics.delete(action.topic);
        deps.orphans.resolve(action.topic);
        logger.warn({ topic: action.topic }, 'orphan topic deleted: no record, data nor subscribers');
        return;
    }
  };

  /** End offsets and subscriber state of each orphan, as of now. */
  const orphanFacts = async (names: readonly string[]) => {
    const facts = new Map<string, OrphanFacts>();
    for (const topic of names) {
      // Gone meanwhile (or unreadable): left out this pass, so its quiet time starts over.
      const endOffsets = await topics.endOffsets(topic).catch(() => null);
      if (endOffsets === null) continue;
      facts.set(topic, { endOffsets, idleSince: deps.subscribers.idleSince(topic, 0, now()) });
    }
    return facts;
  };

  return {
    async retireTopic(task: RetireTask): Promise<void> {
      const record = view.get(task.topic);
      if (!record || record.status === 'retiring') return;
      await markRetiring(record, task.reason);
    },

    async maintain(): Promise<MaintenanceReport> {
      const plan = planMaintenance(view.values(), deps.subscribers, now(), lifecycle);
      const retire = plan.retire.slice(0, MAX_ACTIONS_PER_STEP);
      const doomed = plan.delete.slice(0, MAX_ACTIONS_PER_STEP);
      const failedRetire = await each(
        retire,
        (r) => markRetiring(r, 'idle'),
        () => {},
      );
      const failedDelete = await each(
        doomed,
        (r) => finishRetirement(r.topic),
        (_r, ok) => metrics.deletions.inc({ result: ok ? 'ok' : 'failed' }),
      );
      return {
        retiring: retire.length - failedRetire,
        deleted: doomed.length - failedDelete,
        failed: failedRetire + failedDelete,
      };
    },

    async reconcile(signal: AbortSignal): Promise<ReconcileReport> {
      const registry = await deps.registryGuard.inspect();
      signal.throwIfAborted();
      const brokerTopics = await topics.listDynamic();
      const records = [...view.values()];
      const orphans = await orphanFacts(findOrphans(brokerTopics, records));
      signal.throwIfAborted();
      // Every dynamic topic has its record in a read that is complete but for the seal: seal it.
      const sealable = registry.gaps.length === 1 && registry.gaps[0] === 'unsealed' && orphans.size === 0;
      if (registry.complete || sealable) deps.registryGuard.seal(registry.partitions, sealable);
      const complete = registry.complete || sealable;
      const verdicts = planOrphans({
        orphans,
        registryComplete: complete,
        now: now(),
        graceMs: lifecycle.orphanGraceMs,
        memory: deps.orphans.memory,
      });
      deps.orphans.update(now(), { complete, gaps: complete ? [] : registry.gaps }, verdicts);
      const kept = verdicts.filter((o) => o.verdict !== 'delete');
      if (kept.length > 0)
        logger.warn(
          {
            orphans: kept.length,
            registryGaps: complete ? [] : registry.gaps,
            sample: kept.slice(0, 10).map((o) => `${o.topic}: ${o.verdict}`),
          },
          'dynamic topics without a registry record kept (see GET /admin/orphans)',
        );
      const actions = planReconcile({ brokerTopics, records, orphans: verdicts, lifecycle });
      const report: ReconcileReport = { completed: 0, recreated: 0, failed: 0, deleted: 0, finished: 0 };
      await each(actions, reconcileAction, (action, ok) => {
        metrics.reconcileActions.inc({ action: action.kind, result: ok ? 'ok' : 'failed' });
        if (!ok) return;
        if (action.kind === 'complete') report.completed += 1;
        if (action.kind === 'recreate') report.recreated += 1;
        if (action.kind === 'fail') report.failed += 1;
        if (action.kind === 'delete-orphan') report.deleted += 1;
        if (action.kind === 'finish-retire') report.finished += 1;
      });
      if (actions.length > 0) logger.info({ report, actions: actions.length }, 'reconciled');
      return report;
    },
  };
}
