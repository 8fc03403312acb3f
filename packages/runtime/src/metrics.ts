import {
  Counter,
  type CounterConfiguration,
  collectDefaultMetrics,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from 'prom-client';

export type { Registry } from 'prom-client';

/** A registry for one service: Node's default metrics plus a `service` label on every series. */
export function createMetricsRegistry(service: string, opts: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

type Config<C> = Omit<C, 'registers'>;

/**
 * Get-or-create helpers: several consumers or producers of one process share a registry, and
 * registering a metric name twice would throw.
 */
export function counter<L extends string>(
  registry: Registry,
  config: Config<CounterConfiguration<L>>,
): Counter<L> {
  const existing = registry.getSingleMetric(config.name);
  if (existing instanceof Counter) return existing as Counter<L>;
  return new Counter<L>({ ...config, registers: [registry] });
}

export function gauge<L extends string>(registry: Registry, config: Config<GaugeConfiguration<L>>): Gauge<L> {
  const existing = registry.getSingleMetric(config.name);
  if (existing instanceof Gauge) return existing as Gauge<L>;
  return new Gauge<L>({ ...config, registers: [registry] });
}

export function histogram<L extends string>(
  registry: Registry,
  config: Config<HistogramConfiguration<L>>,
): Histogram<L> {
  const existing = registry.getSingleMetric(config.name);
  if (existing instanceof Histogram) return existing as Histogram<L>;
  return new Histogram<L>({ ...config, registers: [registry] });
}
