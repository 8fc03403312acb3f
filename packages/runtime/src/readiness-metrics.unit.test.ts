import { createMetricsRegistry } from './metrics';
import { createReadinessMetrics } from './readiness-metrics';

async function values(registry: ReturnType<typeof createMetricsRegistry>, name: string) {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.map((v) => ({ labels: v.labels, value: v.value })) ?? [];
}

describe('readiness metrics', () => {
  it('shows the last outcome and counts each flip, not each evaluation', async () => {
    const registry = createMetricsRegistry('test', { defaultMetrics: false });
    const readiness = createReadinessMetrics(registry);
    for (const ready of [false, false, true, true, false, true]) readiness.observe(ready);
    expect(await values(registry, 'service_ready')).toEqual([{ labels: { service: 'test' }, value: 1 }]);
    const changes = await values(registry, 'service_readiness_changes_total');
    expect(changes).toEqual(
      expect.arrayContaining([
        { labels: { service: 'test', to: 'ready' }, value: 2 },
        { labels: { service: 'test', to: 'not_ready' }, value: 1 },
      ]),
    );
  });

  it('shares its series when two servers of one process use the same registry', async () => {
    const registry = createMetricsRegistry('test', { defaultMetrics: false });
    createReadinessMetrics(registry).observe(true);
    createReadinessMetrics(registry).observe(false);
    expect(await values(registry, 'service_ready')).toEqual([{ labels: { service: 'test' }, value: 0 }]);
  });
});
