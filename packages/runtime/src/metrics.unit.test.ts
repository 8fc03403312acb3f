import { counter, createMetricsRegistry, gauge, histogram } from './metrics';

describe('createMetricsRegistry', () => {
  it('labels every series with the service and includes default Node metrics', async () => {
    const registry = createMetricsRegistry('svc-a');
    counter(registry, { name: 'things_total', help: 'things', labelNames: ['kind'] }).inc({ kind: 'x' }, 2);
    const text = await registry.metrics();
    expect(text).toContain('things_total{kind="x",service="svc-a"} 2');
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="svc-a"\}/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds\{service="svc-a"\}/);
  });

  it('can leave the default metrics out', async () => {
    const text = await createMetricsRegistry('svc-b', { defaultMetrics: false }).metrics();
    expect(text).not.toContain('process_cpu');
  });

  it('returns the same metric when it is asked for twice', () => {
    const registry = createMetricsRegistry('svc-c', { defaultMetrics: false });
    const a = counter(registry, { name: 'c_total', help: 'c' });
    expect(counter(registry, { name: 'c_total', help: 'c' })).toBe(a);
    const g = gauge(registry, { name: 'g', help: 'g' });
    expect(gauge(registry, { name: 'g', help: 'g' })).toBe(g);
    const h = histogram(registry, { name: 'h_seconds', help: 'h' });
    expect(histogram(registry, { name: 'h_seconds', help: 'h' })).toBe(h);
  });
});
