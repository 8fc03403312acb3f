import { asArray, asRecord, asString, at } from '../records';
import { APPS, type ImageSpec } from '../services';
import { findObject, type KubeObject, podAnnotations, podLabels, selects } from './objects';

/** Services scaled by a HorizontalPodAutoscaler; the others have fixed replica counts. */
export const AUTOSCALED = ['fixed-sink', 'dynamic-gateway'];
const FIXED_REPLICAS: Record<string, number> = { producer: 1, coordinator: 2 };

function hpaProblems(objects: readonly unknown[], app: ImageSpec): string[] {
  const hpa = findObject(objects, 'HorizontalPodAutoscaler', app.name);
  if (!AUTOSCALED.includes(app.name)) return hpa ? [`${app.name}: must not be autoscaled`] : [];
  if (!hpa) return [`${app.name}: no HorizontalPodAutoscaler`];
  const spec = asRecord(hpa.spec);
  const problems: string[] = [];
  if (at(spec, 'scaleTargetRef', 'kind') !== 'Deployment' || at(spec, 'scaleTargetRef', 'name') !== app.name)
    problems.push(`${app.name}: HorizontalPodAutoscaler does not target Deployment ${app.name}`);
  const min = Number(spec.minReplicas ?? 1);
  if (!(Number(spec.maxReplicas) > min))
    problems.push(`${app.name}: HPA maxReplicas must exceed minReplicas`);
  if (asArray(spec.metrics).length === 0) problems.push(`${app.name}: HPA has no metrics`);
  return problems;
}

function deploymentProblems(deployment: KubeObject, app: ImageSpec): string[] {
  const problems: string[] = [];
  const labels = podLabels(deployment);
  if (labels['app.kubernetes.io/name'] !== app.name)
    problems.push(`${app.name}: pod label app.kubernetes.io/name`);
  if (!selects(at(deployment, 'spec', 'selector', 'matchLabels'), labels))
    problems.push(`${app.name}: Deployment selector does not select its own pods`);
  const replicas = at(deployment, 'spec', 'replicas');
  const fixed = FIXED_REPLICAS[app.name];
  if (fixed !== undefined && replicas !== fixed)
    problems.push(`${app.name}: ${fixed} replica(s) expected, found ${String(replicas)}`);
  const annotations = podAnnotations(deployment);
  if (annotations['prometheus.io/scrape'] !== 'true')
    problems.push(`${app.name}: no prometheus.io/scrape annotation`);
  if (annotations['prometheus.io/port'] !== String(app.port))
    problems.push(`${app.name}: prometheus.io/port must be ${app.port}`);
  if (annotations['prometheus.io/path'] !== '/metrics')
    problems.push(`${app.name}: prometheus.io/path must be /metrics`);
  return problems;
}

/** Per service: a Deployment, a Service and a PodDisruptionBudget that select its pods, scaling rules. */
export function workloadProblems(objects: readonly unknown[]): string[] {
  const problems: string[] = [];
  for (const app of APPS) {
    const deployment = findObject(objects, 'Deployment', app.name);
    if (!deployment) {
      problems.push(`${app.name}: no Deployment`);
      continue;
    }
    problems.push(...deploymentProblems(deployment, app), ...hpaProblems(objects, app));
    const labels = podLabels(deployment);
    const service = findObject(objects, 'Service', app.name);
    if (!service) problems.push(`${app.name}: no Service`);
    else if (!selects(at(service, 'spec', 'selector'), labels))
      problems.push(`${app.name}: Service selects no pod`);
    else if (!asArray(at(service, 'spec', 'ports')).some((p) => asString(asRecord(p).targetPort) === 'http'))
      problems.push(`${app.name}: Service must target the named port http`);
    const pdb = findObject(objects, 'PodDisruptionBudget', app.name);
    if (!pdb) problems.push(`${app.name}: no PodDisruptionBudget`);
    else if (!selects(at(pdb, 'spec', 'selector', 'matchLabels'), labels))
      problems.push(`${app.name}: PodDisruptionBudget selects no pod`);
  }
  return problems;
}
