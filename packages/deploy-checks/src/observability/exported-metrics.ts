import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { repoPath } from '../repo';

/** Where the services define their metrics (the runtime's are shared by all four). */
export const METRIC_SOURCE_DIRS = [
  'apps/producer/src',
  'apps/coordinator/src',
  'apps/fixed-sink/src',
  'apps/dynamic-gateway/src',
  'packages/runtime/src',
] as const;

/** Series Prometheus itself adds to every target. */
const SCRAPE_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped'];

type Kind = 'counter' | 'gauge' | 'histogram' | 'summary';

/** Series names a metric of this kind exposes (a histogram's buckets, sum and count). */
function seriesOf(name: string, kind: Kind): string[] {
  if (kind === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (kind === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(repoPath(dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !/\.test\.ts$|\.d\.ts$/.test(f) && !f.split('/').includes('testing'))
    .map((f) => join(dir, f));
}

// The runtime's get-or-create helpers (`counter(registry, { name: 'x', ... })`) and prom-client's
// classes (`new Gauge({ name: 'x' })`): every metric of the services is defined one of these ways.
const DEFINITION =
  /\b(?:(counter|gauge|histogram|summary)\(\s*[\w.]+\s*,|new\s+(Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\()\s*\{\s*name:\s*'([a-zA-Z_:][\w:]*)'/g;

/** The metric definitions in one source text, as [name, kind]. */
export function metricDefinitionsIn(source: string): [string, Kind][] {
  return [...source.matchAll(DEFINITION)].map((m) => [
    m[3] ?? '',
    (m[1] ?? m[2] ?? '').toLowerCase() as Kind,
  ]);
}

/** Label names whose values grow without bound (one series per client, request or key). */
export const UNBOUNDED_LABELS = [
  'subscription',
  'id',
  'client',
  'connection',
  'session',
  'request',
  'request_id',
  'key',
  'url',
];

/** The label names of each metric defined in one source text (its `labelNames: [...]`). */
export function metricLabelsIn(source: string): [string, string[]][] {
  return [...source.matchAll(DEFINITION)].map((m) => {
    const rest = source.slice((m.index ?? 0) + m[0].length);
    const body = rest.slice(0, rest.search(/\}\s*\)/));
    const labels = /labelNames:\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
    return [m[3] ?? '', [...labels.matchAll(/'([^']+)'/g)].map((l) => l[1] ?? '')];
  });
}

/** Metrics of the services with a label from UNBOUNDED_LABELS, as `name{label}`. */
export function unboundedLabels(): string[] {
  return METRIC_SOURCE_DIRS.flatMap(sourceFiles).flatMap((file) =>
    metricLabelsIn(readFileSync(repoPath(file), 'utf8')).flatMap(([name, labels]) =>
      labels.filter((l) => UNBOUNDED_LABELS.includes(l)).map((l) => `${file}: ${name}{${l}}`),
    ),
  );
}

/** Node's default metrics, as prom-client registers them in every service's registry. */
async function defaultSeries(): Promise<string[]> {
  const metrics = await createMetricsRegistry('deploy-checks').getMetricsAsJSON();
  return metrics.flatMap((m) => seriesOf(m.name, String(m.type) as Kind));
}

// The runtime's machine board names its two metrics after the service's prefix
// (`createMachineBoard({ metricPrefix: 'producer', ... })` -> `producer_machine_state`).
const MACHINE_BOARD = /\bcreateMachineBoard\(\s*\{\s*metricPrefix:\s*'([a-zA-Z_][\w]*)'/g;

/** The machine-board series a source text defines (a state gauge and a transitions counter). */
export function machineBoardSeriesIn(source: string): string[] {
  return [...source.matchAll(MACHINE_BOARD)].flatMap((m) => [
    `${m[1]}_machine_state`,
    `${m[1]}_machine_transitions_total`,
  ]);
}

/** Every series name some service exports, read from the sources that define them. */
export async function exportedSeries(): Promise<Set<string>> {
  const defined = METRIC_SOURCE_DIRS.flatMap(sourceFiles).flatMap((file) => {
    const source = readFileSync(repoPath(file), 'utf8');
    return [
      ...metricDefinitionsIn(source).flatMap(([name, kind]) => seriesOf(name, kind)),
      ...machineBoardSeriesIn(source),
    ];
  });
  return new Set([...defined, ...(await defaultSeries()), ...SCRAPE_SERIES]);
}
