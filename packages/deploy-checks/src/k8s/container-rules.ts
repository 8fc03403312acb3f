import { asArray, asRecord, asString, at, type Json } from '../records';
import { APPS, type ImageSpec } from '../services';
import { containersOf, findObject, type KubeObject, podSpec } from './objects';

const SAFE_VOLUMES = ['emptyDir', 'configMap', 'secret', 'projected', 'downwardAPI'];

/** The Pod Security Standard "restricted" requirements, plus a read-only root filesystem. */
function securityProblems(deployment: KubeObject, container: Json, app: ImageSpec): string[] {
  const problems: string[] = [];
  const pod = podSpec(deployment);
  const podSecurity = asRecord(pod.securityContext);
  const sc = asRecord(container.securityContext);
  const say = (what: string) => problems.push(`${app.name}: ${what}`);
  if (podSecurity.runAsNonRoot !== true && sc.runAsNonRoot !== true) say('runAsNonRoot must be true');
  if (podSecurity.runAsUser === 0 || sc.runAsUser === 0) say('must not run as uid 0');
  const seccomp =
    asString(at(sc, 'seccompProfile', 'type')) ?? asString(at(podSecurity, 'seccompProfile', 'type'));
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') say('seccompProfile must be RuntimeDefault');
  if (sc.allowPrivilegeEscalation !== false) say('allowPrivilegeEscalation must be false');
  if (sc.readOnlyRootFilesystem !== true) say('readOnlyRootFilesystem must be true');
  if (sc.privileged === true) say('must not be privileged');
  if (!asArray(at(sc, 'capabilities', 'drop')).includes('ALL')) say('capabilities must drop ALL');
  if (asArray(at(sc, 'capabilities', 'add')).length > 0) say('must not add capabilities');
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[key] === true) say(`must not set ${key}`);
  for (const volume of asArray(pod.volumes).map(asRecord)) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (!type || !SAFE_VOLUMES.includes(type)) say(`volume type ${type ?? '?'} is not allowed`);
  }
  return problems;
}

function probeProblems(container: Json, app: ImageSpec): string[] {
  const problems: string[] = [];
  const portName = asArray(container.ports)
    .map(asRecord)
    .find((p) => p.containerPort === app.port);
  if (!portName) problems.push(`${app.name}: no containerPort ${app.port}`);
  const probe = (key: string, path: string) => {
    const get = asRecord(at(container, key, 'httpGet'));
    const port = get.port;
    if (get.path !== path) problems.push(`${app.name}: ${key} must GET ${path}`);
    if (port !== app.port && (port !== asString(portName?.name) || port === undefined))
      problems.push(`${app.name}: ${key} must probe port ${app.port}`);
  };
  probe('readinessProbe', '/readyz');
  probe('livenessProbe', '/healthz');
  return problems;
}

function resourceProblems(container: Json, app: ImageSpec): string[] {
  const missing = ['requests', 'limits'].flatMap((kind) =>
    ['cpu', 'memory']
      .filter((r) => at(container, 'resources', kind, r) === undefined)
      .map((r) => `${kind}.${r}`),
  );
  return missing.length > 0 ? [`${app.name}: resources without ${missing.join(', ')}`] : [];
}

function imageProblems(container: Json, app: ImageSpec, registry: boolean): string[] {
  const image = asString(container.image) ?? '';
  const tag = image.includes('@') ? 'digest' : image.slice(image.lastIndexOf('/') + 1).split(':')[1];
  const problems: string[] = [];
  if (!tag || tag === 'latest') problems.push(`${app.name}: image ${image} must have a pinned tag`);
  if (registry && !/^[^/]+\.[^/]+\//.test(image))
    problems.push(`${app.name}: image ${image} must name its registry`);
  return problems;
}

/** Each service's container: probes, resources, security context, a pinned image. */
export function containerProblems(objects: readonly unknown[], options: { registry: boolean }): string[] {
  const problems: string[] = [];
  for (const app of APPS) {
    const deployment = findObject(objects, 'Deployment', app.name);
    if (!deployment) continue;
    const containers = containersOf(deployment);
    const container = containers.find((c) => c.name === app.name);
    if (!container) {
      problems.push(`${app.name}: no container named ${app.name}`);
      continue;
    }
    if (podSpec(deployment).automountServiceAccountToken !== false)
      problems.push(
        `${app.name}: automountServiceAccountToken must be false (the services never call the API)`,
      );
    for (const c of containers) problems.push(...securityProblems(deployment, c, app));
    problems.push(...probeProblems(container, app), ...resourceProblems(container, app));
    problems.push(...imageProblems(container, app, options.registry));
  }
  return problems;
}
