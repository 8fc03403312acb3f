import { asArray, asRecord, asString, type Json } from '../records';
import { APPS } from '../services';
import { metricNamesIn } from './promql-names';

export const DASHBOARD_FILE = 'infra/grafana/market-data-platform.json';

type Query = { panel: string; expr: string };

/** Every query of the dashboard (panels of rows included), with its panel's title. */
export function dashboardQueries(dashboard: Json): Query[] {
  const panels = asArray(dashboard.panels).flatMap((p) => [
    asRecord(p),
    ...asArray(asRecord(p).panels).map(asRecord),
  ]);
  return panels.flatMap((p) =>
    asArray(p.targets).map((t) => ({
      panel: asString(p.title) ?? '?',
      expr: asString(asRecord(t).expr) ?? '',
    })),
  );
}

/** One row per service; every query reads only series that some service exports. */
export function dashboardProblems(dashboard: Json, exported: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const rows = asArray(dashboard.panels)
    .map(asRecord)
    .filter((p) => p.type === 'row')
    .map((p) => asString(p.title));
  for (const app of APPS)
    if (!rows.includes(app.name)) problems.push(`${DASHBOARD_FILE}: no row "${app.name}"`);
  const queries = dashboardQueries(dashboard);
  if (queries.length === 0) problems.push(`${DASHBOARD_FILE}: no queries`);
  for (const q of queries) {
    if (q.expr.trim() === '') problems.push(`${DASHBOARD_FILE}: panel "${q.panel}" has an empty query`);
    for (const name of metricNamesIn(q.expr))
      if (!exported.has(name))
        problems.push(`${DASHBOARD_FILE}: panel "${q.panel}" reads ${name}, which no service exports`);
  }
  return problems;
}
