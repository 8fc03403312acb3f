import { TopicStatusSchema } from '@mdp/contracts/control';
import { counter, gauge, histogram, type Registry } from '@mdp/runtime/metrics';
import type { RecordData } from './tasks';
import { OrphanBoard } from './topics/orphan-board';
import type { OrphanVerdict } from './topics/orphan-plan';

const ORPHAN_VERDICTS: readonly OrphanVerdict[] = ['delete', 'registry_incomplete', 'in_use', 'grace'];

export type CoordinatorMetrics = ReturnType<typeof createCoordinatorMetrics>;

/** The coordinator's own series (the runtime adds consumer, producer and process metrics). */
export function createCoordinatorMetrics(
  registry: Registry,
  records: () => Iterable<RecordData>,
  orphans: () => OrphanBoard = () => new OrphanBoard(),
) {
  return {
    orphanTopics: gauge(registry, {
      name: 'coordinator_orphan_topics',
      help: 'Dynamic topics with no registry record at the last reconciliation, by verdict (delete, registry_incomplete, in_use, grace)',
      labelNames: ['verdict'],
      collect() {
        const counts = new Map<string, number>(ORPHAN_VERDICTS.map((v) => [v, 0]));
        for (const o of orphans().orphans) counts.set(o.verdict, (counts.get(o.verdict) ?? 0) + 1);
        for (const [verdict, n] of counts) this.set({ verdict }, n);
      },
    }),
    registryComplete: gauge(registry, {
      name: 'coordinator_registry_complete',
      help: '1 when the last reconciliation found the registry read complete (orphans may be deleted), 0 otherwise or before any',
      collect() {
        this.set(orphans().registry?.complete ? 1 : 0);
      },
    }),
    registryRestores: counter(registry, {
      name: 'coordinator_registry_restores_total',
      help: 'Lost registry topics (missing or replaced) recreated and refilled from memory, by cause',
      labelNames: ['cause'],
    }),
    topics: gauge(registry, {
      name: 'coordinator_topics',
      help: 'Dynamic topics in the registry, by status',
      labelNames: ['status'],
      collect() {
        const counts = new Map(TopicStatusSchema.options.map((s) => [s, 0]));
        for (const r of records()) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
        for (const [status, n] of counts) this.set({ status }, n);
      },
    }),
    requests: counter(registry, {
      name: 'coordinator_requests_total',
      help: 'Requests by type and outcome (created, existing, rejected, ignored, retired, abandoned, invalid)',
      labelNames: ['type', 'outcome'],
    }),
    rejections: counter(registry, {
      name: 'coordinator_rejections_total',
      help: 'Rejected requests by reason code',
      labelNames: ['code'],
    }),
    requestToActive: histogram(registry, {
      name: 'coordinator_request_to_active_seconds',
      help: 'From the request (its envelope time) to TopicActivated; path: created or existing topic',
      labelNames: ['path'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    }),
    role: gauge(registry, {
      name: 'coordinator_active',
      help: '1 when this coordinator holds the request partition',
    }),
    stepFailures: counter(registry, {
      name: 'coordinator_step_failures_total',
      help: 'Failed machine steps (each is retried with backoff)',
      labelNames: ['step'],
    }),
    reconcileActions: counter(registry, {
      name: 'coordinator_reconcile_actions_total',
      help: 'Repairs made by reconciliation, by action and result',
      labelNames: ['action', 'result'],
    }),
    retirements: counter(registry, {
      name: 'coordinator_retirements_total',
      help: 'Topics announced as retiring, by reason',
      labelNames: ['reason'],
    }),
    deletions: counter(registry, {
      name: 'coordinator_topic_deletions_total',
      help: 'Retired topics deleted, by result',
      labelNames: ['result'],
    }),
    heartbeats: counter(registry, {
      name: 'coordinator_subscriber_heartbeats_total',
      help: 'Gateway heartbeats read from the events topic',
    }),
    invalidEvents: counter(registry, {
      name: 'coordinator_invalid_events_total',
      help: 'Events topic messages that failed validation (ignored, counted)',
      labelNames: ['code'],
    }),
  };
}
