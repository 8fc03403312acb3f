import type { RegistryGap } from '../registry/health';
import type { OrphanMemory, OrphanReportEntry } from './orphan-plan';

/** The latest reconciliation's view of orphans: what GET /admin/orphans and the gauges show. */
export class OrphanBoard {
  /** What reconciliation remembers of each orphan between passes (orphan-plan.ts). */
  readonly memory = new Map<string, OrphanMemory>();
  orphans: readonly OrphanReportEntry[] = [];
  registry: { complete: boolean; gaps: readonly RegistryGap[] } | null = null;
  /** Epoch ms of the last pass; null until this process reconciled (a standby never does). */
  at: number | null = null;

  update(at: number, registry: OrphanBoard['registry'], orphans: readonly OrphanReportEntry[]): void {
    this.at = at;
    this.registry = registry;
    this.orphans = orphans;
  }

  /** Drop one the admin API resolved (re-registered or deleted), until the next pass says otherwise. */
  resolve(topic: string): void {
    this.orphans = this.orphans.filter((o) => o.topic !== topic);
    this.memory.delete(topic);
  }
}
