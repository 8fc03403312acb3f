import { asArray, asRecord, at, type Json } from '../records';
import { APPS } from '../services';
import { allowedFlows } from './network-policy-flows';
import { expectedFlows, networkPolicyProblems } from './network-policy-rules';
import { containersOf, findGenerated, findObject, kindOf, nameOf, podLabels } from './objects';
import { prodProblems } from './prod-rules';
import { renderKustomization } from './render';
import { secretEnvProblems } from './secret-env-rules';
import { validateAgainstKubernetesSchemas } from './validate';

const INTERNET_443 =
  'egress TCP/443 to cidr 0.0.0.0/0 except 10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,192.168.0.0/16';

function prod(): unknown[] {
  return structuredClone(renderKustomization('infra/k8s/overlays/prod'));
}

function policy(objects: unknown[], name: string): Json {
  return asRecord(findObject(objects, 'NetworkPolicy', name)?.spec);
}

function podLabelsOf(objects: unknown[], name: string): Json {
  const deployment = findObject(objects, 'Deployment', name);
  if (!deployment) throw new Error(`no Deployment ${name}`);
  return podLabels(deployment);
}

/** The container's env list itself (edits change the objects). */
function envOf(objects: unknown[], name: string): unknown[] {
  const deployment = findObject(objects, 'Deployment', name);
  return asArray(deployment && containersOf(deployment)[0]?.env);
}

describe('network policies (prod overlay)', () => {
  it('allow each service exactly the flows of the table', () => {
    const objects = prod();
    for (const app of APPS)
      expect(allowedFlows(objects, podLabelsOf(objects, app.name))).toEqual(expectedFlows(app, '9093'));
    expect(allowedFlows(objects, podLabelsOf(objects, 'producer'))).toContain(INTERNET_443);
    expect(allowedFlows(objects, podLabelsOf(objects, 'coordinator'))).not.toContain(INTERNET_443);
    // Any other pod of the namespace may only resolve names.
    expect(allowedFlows(objects, { app: 'something-else' })).toEqual([
      'egress TCP/53 to namespace(kubernetes.io/metadata.name=kube-system) pods(k8s-app=kube-dns)',
      'egress UDP/53 to namespace(kubernetes.io/metadata.name=kube-system) pods(k8s-app=kube-dns)',
    ]);
  });

  it('report a removed policy, a missing default deny and a widened rule', () => {
    const objects = prod().filter((o) => !(kindOf(o) === 'NetworkPolicy' && nameOf(o) === 'producer'));
    const gatewayEgress = asArray(policy(objects, 'dynamic-gateway').egress).map(asRecord);
    delete gatewayEgress[2]?.to; // webhooks to anywhere, the cluster included
    delete asRecord(at(policy(objects, 'fixed-sink'), 'egress', 1)).ports; // the database on any port
    const withoutDeny = objects.filter((o) => nameOf(o) !== 'default-deny');
    const problems = networkPolicyProblems(withoutDeny).join('\n');
    expect(problems).toMatch(/no default-deny NetworkPolicy/);
    expect(problems).toContain(`producer: needed but not allowed: ${INTERNET_443}`);
    expect(problems).toContain('producer: allowed but not needed: ingress anywhere any port');
    expect(problems).toContain('dynamic-gateway: allowed but not needed: egress TCP/443 anywhere');
    expect(problems).toMatch(/fixed-sink: allowed but not needed: egress any port to pods\(cnpg/);
  });

  it('are validated against the NetworkPolicy schema', () => {
    const objects = prod();
    const webhooks = asRecord(at(policy(objects, 'dynamic-gateway'), 'egress', 2, 'to', 0, 'ipBlock'));
    delete webhooks.cidr;
    const [result] = validateAgainstKubernetesSchemas([
      findObject(objects, 'NetworkPolicy', 'dynamic-gateway'),
    ]);
    expect(result?.errors.join('\n')).toMatch(/cidr/);
  });

  it('follow the broker port of KAFKA_BROKERS', () => {
    const objects = prod();
    const config = asRecord(findGenerated(objects, 'ConfigMap', 'platform-config')?.data);
    config.KAFKA_BROKERS = String(config.KAFKA_BROKERS).replaceAll(':9093', ':9092');
    expect(networkPolicyProblems(objects).join('\n')).toMatch(
      /coordinator: needed but not allowed: egress TCP\/9092 to namespace\(kubernetes.io\/metadata.name=redpanda\)/,
    );
  });
});

describe('secrets and production settings', () => {
  it('a secret as a literal or in a ConfigMap, or Kafka credentials not from the Secret, are reported', () => {
    const objects = prod();
    const gateway = envOf(objects, 'dynamic-gateway');
    const tokenSecret = gateway.map(asRecord).find((e) => e.name === 'GATEWAY_TOKEN_SECRET');
    if (tokenSecret) {
      delete tokenSecret.valueFrom;
      tokenSecret.value = 'a-literal-signing-key-0123456789abcdef';
    }
    const producer = envOf(objects, 'producer');
    const password = producer.findIndex((e) => asRecord(e).name === 'KAFKA_SASL_PASSWORD');
    producer.splice(password, 1);
    asRecord(findGenerated(objects, 'ConfigMap', 'coordinator-config')?.data).COORDINATOR_ADMIN_TOKEN = 'x';
    const problems = secretEnvProblems(objects).join('\n');
    expect(problems).toMatch(/dynamic-gateway: GATEWAY_TOKEN_SECRET is a literal value/);
    expect(problems).toMatch(/producer: KAFKA_SASL_PASSWORD must come from Secret producer-secrets/);
    expect(problems).toMatch(/ConfigMap coordinator-config-\w+: COORDINATOR_ADMIN_TOKEN is a secret/);
    expect(problems).not.toMatch(/fixed-sink/);
  });

  it('prod runs 3 replicas of each topic, TLS and SASL, and the replicas docs/deployment.md gives', () => {
    expect(prodProblems(prod())).toEqual([]);
    const objects = prod();
    const config = asRecord(findGenerated(objects, 'ConfigMap', 'platform-config')?.data);
    config.KAFKA_REPLICATION_FACTOR = '1';
    delete config.KAFKA_SASL_MECHANISM;
    asRecord(findObject(objects, 'HorizontalPodAutoscaler', 'dynamic-gateway')?.spec).minReplicas = 1;
    asRecord(findObject(objects, 'Deployment', 'producer')?.spec).replicas = 2;
    const problems = prodProblems(objects).join('\n');
    expect(problems).toMatch(/KAFKA_REPLICATION_FACTOR must be "3", found 1/);
    expect(problems).toMatch(/KAFKA_TLS=true and a KAFKA_SASL_MECHANISM/);
    expect(problems).toMatch(/dynamic-gateway: at least 2 replicas expected, minReplicas is 1/);
    expect(problems).toMatch(/producer: 1 replica\(s\) expected, found 2/);
  });
});
