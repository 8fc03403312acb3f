import { asRecord } from '../records';
import { readRepoText } from '../repo';
import { parseYaml } from '../yaml-file';
import { ALERT_TESTS_FILE, ALERTS_FILE, alertProblems } from './alert-rules';
import { DASHBOARD_FILE, dashboardProblems, dashboardQueries } from './dashboard-rules';
import { exportedSeries, metricDefinitionsIn, metricLabelsIn, unboundedLabels } from './exported-metrics';
import { metricNamesIn } from './promql-names';
import { promtool, promtoolAvailable } from './promtool';

const dashboard = () => asRecord(JSON.parse(readRepoText(DASHBOARD_FILE)));
const alerts = () => asRecord(parseYaml(readRepoText(ALERTS_FILE)));

describe('the metrics the services export', () => {
  it('are read from their definitions, with the runtime, histogram series and Node defaults', async () => {
    const exported = await exportedSeries();
    for (const name of [
      'producer_newest_tick_age_seconds',
      'coordinator_machine_state',
      'fixed_sink_consumer_lag',
      'gateway_client_buffer_depth_max',
      'consumer_lag_messages',
      'dlq_records_total',
      'service_readiness_changes_total',
      'fixed_sink_batch_latency_seconds_bucket',
      'process_resident_memory_bytes',
      'up',
    ])
      expect(exported).toContain(name);
    // Replaced by per-transport gauges: a label per subscription has unbounded values.
    expect(exported).not.toContain('gateway_client_buffer_depth');
  });

  it('are found in every way the code defines one', () => {
    const source = `
      counter(registry, { name: 'a_total', help: 'a' });
      const g = gauge(deps.metrics, {
        name: 'b_bytes',
      });
      histogram(m, { name: 'c_seconds', buckets: [1] });
      new Counter<'x'>({ name: 'd_total', help: 'd' });
      const notAMetric = { name: 'market' };`;
    expect(metricDefinitionsIn(source)).toEqual([
      ['a_total', 'counter'],
      ['b_bytes', 'gauge'],
      ['c_seconds', 'histogram'],
      ['d_total', 'counter'],
    ]);
  });
});

describe('metric labels', () => {
  it('have bounded values: no label per subscription, client, request or key', () => {
    expect(unboundedLabels()).toEqual([]);
  });

  it('are read from each definition, so a per-subscription label is found', () => {
    const source = `
      gauge(registry, {
        name: 'gateway_client_buffer_depth',
        help: 'per subscription',
        labelNames: ['transport', 'subscription'],
      });
      counter(registry, { name: 'plain_total', help: 'no labels' });`;
    expect(metricLabelsIn(source)).toEqual([
      ['gateway_client_buffer_depth', ['transport', 'subscription']],
      ['plain_total', []],
    ]);
  });
});

describe('metric names in PromQL', () => {
  it.each([
    [
      'sum by (pair) (rate(producer_ticks_published_total[$__rate_interval]))',
      ['producer_ticks_published_total'],
    ],
    ['max by (state) (producer_machine_state) > 0', ['producer_machine_state']],
    [
      'histogram_quantile(0.95, sum by (le, path) (rate(coordinator_request_to_active_seconds_bucket[5m])))',
      ['coordinator_request_to_active_seconds_bucket'],
    ],
    [
      'increase(service_readiness_changes_total{to="not_ready", service=~"a|b"}[15m]) >= 3',
      ['service_readiness_changes_total'],
    ],
    ['up == 0 and on (instance) service_ready offset 5m', ['service_ready', 'up']],
    ['sum without (pod) (a_total) / ignoring (x) group_left (y) b_total', ['a_total', 'b_total']],
  ])('%s', (expr, names) => {
    expect(metricNamesIn(expr)).toEqual(names);
  });
});

describe('the Grafana dashboard', () => {
  it('has a row per service and reads only exported series', async () => {
    expect(dashboardQueries(dashboard()).length).toBeGreaterThan(20);
    expect(dashboardProblems(dashboard(), await exportedSeries())).toEqual([]);
  });

  it("shows every service's machine states (the machine board's gauge)", () => {
    const exprs = dashboardQueries(dashboard()).map((q) => q.expr);
    for (const prefix of ['producer', 'coordinator', 'fixed_sink', 'gateway'])
      expect(exprs).toContain(`max by (machine, state) (${prefix}_machine_state) > 0`);
  });

  it('a query of a metric nobody exports, or a missing row, is reported', async () => {
    const broken = dashboard();
    const text = JSON.stringify(broken)
      .replace('producer_newest_tick_age_seconds', 'producer_newest_tick_age')
      .replace('"title":"coordinator"', '"title":"coord"');
    const problems = dashboardProblems(asRecord(JSON.parse(text)), await exportedSeries()).join('\n');
    expect(problems).toMatch(/reads producer_newest_tick_age, which no service exports/);
    expect(problems).toMatch(/no row "coordinator"/);
  });
});

describe('the Prometheus alert rules', () => {
  it('cover lag, DLQ growth, ticks per pair, webhook give-ups and readiness, from exported series', async () => {
    expect(alertProblems(alerts(), await exportedSeries())).toEqual([]);
  });

  it('a rule on a metric nobody exports, or a missing alert, is reported', async () => {
    const text = readRepoText(ALERTS_FILE)
      .replace('gateway_webhook_deliveries_total', 'gateway_webhooks_total')
      .replace('alert: DlqGrowing', 'alert: DlqBig');
    const problems = alertProblems(asRecord(parseYaml(text)), await exportedSeries()).join('\n');
    expect(problems).toMatch(/WebhookGiveUps reads gateway_webhooks_total, which no service exports/);
    expect(problems).toMatch(/no alert DlqGrowing/);
  });
});

// promtool comes from Debian's `prometheus` package, which .ci/run installs: in CI a missing
// promtool fails these tests; on a developer's machine without it they are skipped.
const havePromtool = promtoolAvailable();
const promtoolIt = havePromtool || process.env.CI ? it : it.skip;
const requirePromtool = () => {
  if (!havePromtool)
    throw new Error('promtool is not on PATH: apt-get install -y prometheus (.ci/run does this)');
};

describe('promtool', () => {
  promtoolIt('accepts the rules', () => {
    requirePromtool();
    const run = promtool('check', 'rules', ALERTS_FILE);
    expect(run.output).toMatch(/SUCCESS/);
    expect(run.ok).toBe(true);
  });

  promtoolIt('accepts the compose Prometheus config, which loads the rules', () => {
    requirePromtool();
    const run = promtool('check', 'config', 'infra/prometheus/prometheus.yml');
    expect(run.output).toMatch(/SUCCESS/);
    expect(run.ok).toBe(true);
  });

  promtoolIt('passes the rules unit tests (alerts fire and stay quiet as they should)', () => {
    requirePromtool();
    const run = promtool('test', 'rules', ALERT_TESTS_FILE);
    expect(run.output).toMatch(/SUCCESS/);
    expect(run.ok).toBe(true);
  });
});
