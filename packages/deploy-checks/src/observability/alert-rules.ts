import { asArray, asRecord, asString, type Json } from '../records';
import { metricNamesIn } from './promql-names';

export const ALERTS_FILE = 'infra/prometheus/alerts.yml';
export const ALERT_TESTS_FILE = 'infra/prometheus/alerts.test.yml';

/** What an operator must be told about (issue: the operator's kit). */
export const REQUIRED_ALERTS = [
  'FixedSinkConsumerLagHigh',
  'ConsumerLagHigh',
  'DlqGrowing',
  'NoTicksForPair',
  'WebhookGiveUps',
  'ReadinessFlapping',
] as const;

type Rule = { name: string; expr: string };

export function alertRules(file: Json): Rule[] {
  return asArray(file.groups).flatMap((g) =>
    asArray(asRecord(g).rules).map((r) => ({
      name: asString(asRecord(r).alert) ?? asString(asRecord(r).record) ?? '?',
      expr: asString(asRecord(r).expr) ?? '',
    })),
  );
}

/** The required alerts exist, and every rule reads only series that some service exports. */
export function alertProblems(file: Json, exported: ReadonlySet<string>): string[] {
  const rules = alertRules(file);
  const problems = REQUIRED_ALERTS.filter((a) => !rules.some((r) => r.name === a)).map(
    (a) => `${ALERTS_FILE}: no alert ${a}`,
  );
  for (const rule of rules)
    for (const name of metricNamesIn(rule.expr))
      if (!exported.has(name))
        problems.push(`${ALERTS_FILE}: ${rule.name} reads ${name}, which no service exports`);
  return problems;
}
