import { asArray, asRecord, at } from '../records';
import { readRepoText } from '../repo';
import { containerProblems } from './container-rules';
import { type EnvOptions, envProblems } from './env';
import { monitoringProblems } from './monitoring-rules';
import { namespaceProblems } from './namespace-rules';
import { networkPolicyProblems } from './network-policy-rules';
import { findObject } from './objects';
import { prodProblems } from './prod-rules';
import { KUSTOMIZATIONS, type KustomizationDir, renderKustomization } from './render';
import { secretEnvProblems } from './secret-env-rules';
import { validateAgainstKubernetesSchemas } from './validate';
import { workloadProblems } from './workload-rules';

type Target = EnvOptions & {
  namespace?: string;
  registry: boolean;
  monitoring?: boolean;
  /** The overlay includes the network-policies component. */
  networkPolicies?: boolean;
  /** The replicas, replication factor and broker security of production. */
  production?: boolean;
};

const PROD_SECRETS = [
  'producer-secrets',
  'coordinator-secrets',
  'fixed-sink-secrets',
  'dynamic-gateway-secrets',
  // Only the sink's admin token: its DATABASE_URL comes from timescaledb-app.
  'fixed-sink-secrets',
  'timescaledb-app',
];
const TARGETS: Record<KustomizationDir, Target> = {
  // The base references Secrets that only overlays provide.
  'infra/k8s/base': { externalSecrets: PROD_SECRETS, registry: false },
  'infra/k8s/overlays/dev': {
    namespace: 'mdp-dev',
    externalSecrets: [],
    registry: false,
    networkPolicies: true,
  },
  'infra/k8s/overlays/prod': {
    namespace: 'mdp',
    externalSecrets: PROD_SECRETS,
    registry: true,
    monitoring: true,
    networkPolicies: true,
    production: true,
  },
};

function allProblems(objects: readonly unknown[], target: Target, notes: string[] = []): string[] {
  return [
    ...workloadProblems(objects),
    ...containerProblems(objects, target),
    ...envProblems(objects, target, notes),
    ...secretEnvProblems(objects),
    ...(target.networkPolicies ? networkPolicyProblems(objects) : []),
    ...(target.production ? prodProblems(objects) : []),
    ...(target.namespace ? namespaceProblems(objects, target.namespace) : []),
    ...(target.monitoring ? monitoringProblems(objects) : []),
  ];
}

describe.each(KUSTOMIZATIONS)('kustomization %s', (dir) => {
  const target = TARGETS[dir];
  let objects: unknown[] = [];
  beforeAll(() => {
    objects = renderKustomization(dir);
  });

  it('renders', () => {
    expect(objects.length).toBeGreaterThan(10);
  });

  it('validates against the Kubernetes 1.36 API schemas', () => {
    const invalid = validateAgainstKubernetesSchemas(objects).filter((r) => r.errors.length > 0);
    expect(invalid).toEqual([]);
  });

  it('meets the platform rules (probes, resources, restricted security, PDBs, HPAs, replicas, metrics, env, secrets, network policies)', () => {
    const notes: string[] = [];
    expect(allProblems(objects, target, notes)).toEqual([]);
    if (notes.length > 0) console.warn(`not checked yet:\n${notes.join('\n')}`);
  });
});

describe('the checks bite', () => {
  const prod = TARGETS['infra/k8s/overlays/prod'];

  it('the schema validation rejects a malformed object', () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken' },
      spec: {
        selector: {},
        template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 'http' }] }] } },
      },
    };
    const [result] = validateAgainstKubernetesSchemas([broken]);
    expect(result?.errors.join('\n')).toMatch(/containerPort must be integer/);
  });

  it('the rules report a manifest set that breaks them', () => {
    const objects = structuredClone(renderKustomization('infra/k8s/overlays/prod'));
    const container = (name: string) =>
      asRecord(
        asArray(at(findObject(objects, 'Deployment', name), 'spec', 'template', 'spec', 'containers'))[0],
      );
    delete container('producer').readinessProbe;
    asRecord(container('fixed-sink').securityContext).privileged = true;
    container('coordinator').image = 'ghcr.io/market-data-platform/coordinator:latest';
    asRecord(findObject(objects, 'Deployment', 'coordinator')?.spec).replicas = 1;
    const withoutHpa = objects.filter((o) => !(asRecord(o).kind === 'HorizontalPodAutoscaler'));
    const problems = allProblems(withoutHpa, prod).join('\n');
    expect(problems).toMatch(/producer: readinessProbe must GET \/readyz/);
    expect(problems).toMatch(/fixed-sink: must not be privileged/);
    expect(problems).toMatch(/coordinator: image .*:latest must have a pinned tag/);
    expect(problems).toMatch(/coordinator: 2 replica\(s\) expected, found 1/);
    expect(problems).toMatch(/dynamic-gateway: no HorizontalPodAutoscaler/);
  });

  it('a ServiceMonitor that misses a service, or rules that drift from alerts.yml, are reported', () => {
    const objects = structuredClone(renderKustomization('infra/k8s/overlays/prod'));
    const gatewayService = asRecord(
      at(findObject(objects, 'Service', 'dynamic-gateway'), 'metadata', 'labels'),
    );
    delete gatewayService['app.kubernetes.io/part-of'];
    const alerts = readRepoText('infra/prometheus/alerts.yml').replace('> 120', '> 60');
    const problems = monitoringProblems(objects, alerts).join('\n');
    expect(problems).toMatch(/dynamic-gateway: no ServiceMonitor scrapes \/metrics/);
    expect(problems).not.toMatch(/producer: no ServiceMonitor/);
    expect(problems).toMatch(/no PrometheusRule whose spec.groups equals infra\/prometheus\/alerts.yml/);
  });

  it('the schema validation knows the Prometheus Operator kinds', () => {
    const broken = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'broken' },
      spec: { selector: {}, endpoints: [{ port: 'http', interval: 'often' }] },
    };
    const [result] = validateAgainstKubernetesSchemas([broken]);
    expect(result?.errors.join('\n')).toMatch(/interval/);
  });

  it('an env that lacks a required variable is rejected by the service config', () => {
    const objects = structuredClone(renderKustomization('infra/k8s/overlays/dev'));
    const platform = objects
      .map(asRecord)
      .find((o) => String(at(o, 'metadata', 'name')).startsWith('platform-config'));
    delete asRecord(platform?.data).KAFKA_BROKERS;
    const problems = envProblems(objects, TARGETS['infra/k8s/overlays/dev']).join('\n');
    expect(problems).toMatch(/KAFKA_BROKERS/);
  });
});
