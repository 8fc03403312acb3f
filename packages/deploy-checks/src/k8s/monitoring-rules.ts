import { isDeepStrictEqual } from 'node:util';
import { ALERTS_FILE } from '../observability/alert-rules';
import { asArray, asRecord, asString, at, type Json } from '../records';
import { readRepoText } from '../repo';
import { APPS } from '../services';
import { parseYaml } from '../yaml-file';
import { findObject, objectsOfKind } from './objects';

function selects(selector: unknown, labels: unknown): boolean {
  const wanted = Object.entries(asRecord(at(selector, 'matchLabels')));
  return wanted.length > 0 && wanted.every(([k, v]) => asRecord(labels)[k] === v);
}

/**
 * The Prometheus Operator objects of an overlay: a ServiceMonitor that scrapes /metrics on a named
 * port of every service's Service, and a PrometheusRule with exactly the groups of alerts.yml.
 */
export function monitoringProblems(
  objects: readonly unknown[],
  alertsText = readRepoText(ALERTS_FILE),
): string[] {
  const problems: string[] = [];
  const monitors = objectsOfKind(objects, 'ServiceMonitor');
  if (monitors.length === 0) problems.push('no ServiceMonitor');
  for (const app of APPS) {
    const service = findObject(objects, 'Service', app.name);
    const ports = asArray(at(service, 'spec', 'ports')).map((p) => asString(asRecord(p).name));
    const scraped = monitors.some(
      (m) =>
        selects(at(m, 'spec', 'selector'), at(service, 'metadata', 'labels')) &&
        asArray(at(m, 'spec', 'endpoints')).some(
          (e) =>
            ports.includes(asString(asRecord(e).port)) && (asRecord(e).path ?? '/metrics') === '/metrics',
        ),
    );
    if (!scraped) problems.push(`${app.name}: no ServiceMonitor scrapes /metrics on a port of its Service`);
  }
  const rules = objectsOfKind(objects, 'PrometheusRule');
  const expected = asRecord(parseYaml(alertsText)).groups;
  if (!rules.some((r: Json) => isDeepStrictEqual(at(r, 'spec', 'groups'), expected)))
    problems.push(`no PrometheusRule whose spec.groups equals ${ALERTS_FILE} (copy its groups over)`);
  return problems;
}
