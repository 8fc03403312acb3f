import type { Registry } from 'prom-client';
import { counter, gauge } from './metrics';

export type ReadinessMetrics = {
  /** Records the outcome of one readiness evaluation (each /readyz request: the probes drive it). */
  observe(ready: boolean): void;
};

/**
 * `service_ready` (the last /readyz answer, 1 or 0) and `service_readiness_changes_total` (each
 * flip between them), so an alert can see a service that flaps between scrapes.
 */
export function createReadinessMetrics(registry: Registry): ReadinessMetrics {
  const ready = gauge(registry, {
    name: 'service_ready',
    help: '1 when the last /readyz evaluation passed, 0 when it failed',
  });
  const changes = counter(registry, {
    name: 'service_readiness_changes_total',
    help: 'Changes of the /readyz outcome, by the outcome changed to (ready, not_ready)',
    labelNames: ['to'],
  });
  let last: boolean | undefined;
  return {
    observe(now) {
      ready.set(now ? 1 : 0);
      if (last !== undefined && last !== now) changes.inc({ to: now ? 'ready' : 'not_ready' });
      last = now;
    },
  };
}
