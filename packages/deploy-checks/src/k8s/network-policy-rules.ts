import { asRecord, asString } from '../records';
import { APPS, type ImageSpec } from '../services';
import { allowedFlows, denyAllPolicies, selectorMatches } from './network-policy-flows';
import { findGenerated, findObject, podLabels } from './objects';

// The peers of docs/deployment.md ("Network policies"), as allowedFlows writes them.
const KUBE_DNS = 'namespace(kubernetes.io/metadata.name=kube-system) pods(k8s-app=kube-dns)';
const BROKERS = 'namespace(kubernetes.io/metadata.name=redpanda) pods(app.kubernetes.io/name=redpanda)';
const DATABASE = 'pods(cnpg.io/cluster=timescaledb) in this namespace';
const MONITORING = 'namespace(kubernetes.io/metadata.name=monitoring)';
const INGRESS_CONTROLLER = 'namespace(kubernetes.io/metadata.name=ingress-nginx)';
/** The internet: private, CGNAT, loopback and link-local ranges excepted (pods, services, metadata). */
const INTERNET =
  'cidr 0.0.0.0/0 except 10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,192.168.0.0/16';

/** Exactly the flows each service needs; `brokerPort` is the port of KAFKA_BROKERS. */
export function expectedFlows(app: ImageSpec, brokerPort: string): string[] {
  const common = [
    `egress TCP/53 to ${KUBE_DNS}`,
    `egress UDP/53 to ${KUBE_DNS}`,
    `egress TCP/${brokerPort} to ${BROKERS}`,
    `ingress TCP/${app.port} from ${MONITORING}`,
  ];
  const own: Record<string, string[]> = {
    producer: [`egress TCP/443 to ${INTERNET}`],
    coordinator: [],
    'fixed-sink': [`egress TCP/5432 to ${DATABASE}`],
    'dynamic-gateway': [
      `egress TCP/5432 to ${DATABASE}`,
      `egress TCP/443 to ${INTERNET}`,
      `egress TCP/80 to ${INTERNET}`,
      `ingress TCP/${app.port} from ${INGRESS_CONTROLLER}`,
    ],
  };
  return [...common, ...(own[app.name] ?? [])].sort();
}

/** The ports of KAFKA_BROKERS in the rendered platform-config (host:port, comma separated). */
export function brokerPorts(objects: readonly unknown[]): string[] {
  const config = findGenerated(objects, 'ConfigMap', 'platform-config');
  const brokers = asString(asRecord(config?.data).KAFKA_BROKERS) ?? '';
  return [...new Set(brokers.split(',').map((b) => b.trim().split(':').at(-1) ?? ''))];
}

/**
 * The namespace denies every flow by default, and each service's pods are allowed exactly the
 * flows of `expectedFlows`: a policy removed, or widened (to any peer, any port, all of the
 * internet including private ranges), is reported with the flow that differs.
 */
export function networkPolicyProblems(objects: readonly unknown[]): string[] {
  const problems: string[] = [];
  const unlabelledPod = {};
  if (!denyAllPolicies(objects).some((p) => selectorMatches(asRecord(p.spec).podSelector, unlabelledPod)))
    problems.push('no default-deny NetworkPolicy (ingress and egress) for the pods of the namespace');
  const ports = brokerPorts(objects);
  if (ports.length !== 1) problems.push(`KAFKA_BROKERS must use one port, found ${ports.join(', ')}`);
  for (const app of APPS) {
    const deployment = findObject(objects, 'Deployment', app.name);
    if (!deployment) continue;
    const allowed = allowedFlows(objects, podLabels(deployment));
    const expected = expectedFlows(app, ports[0] ?? '');
    for (const flow of allowed.filter((f) => !expected.includes(f)))
      problems.push(`${app.name}: allowed but not needed: ${flow}`);
    for (const flow of expected.filter((f) => !allowed.includes(f)))
      problems.push(`${app.name}: needed but not allowed: ${flow}`);
  }
  return problems;
}
