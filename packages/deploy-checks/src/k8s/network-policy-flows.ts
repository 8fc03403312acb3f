import { asArray, asRecord, asString, type Json } from '../records';
import { objectsOfKind } from './objects';

/**
 * What NetworkPolicies allow a pod, as readable flows such as
 * `egress TCP/9093 to namespace(kubernetes.io/metadata.name=redpanda) pods(app.kubernetes.io/name=redpanda)`.
 * A direction that no policy selecting the pod restricts is `<direction> anywhere any port`, and a
 * rule without peers or ports says `anywhere` or `any port`: widening a policy changes its flows.
 */
export type Direction = 'ingress' | 'egress';

function expressionHolds(expression: Json, labels: Json): boolean {
  const key = asString(expression.key) ?? '';
  const values = asArray(expression.values).map(String);
  const value = labels[key];
  switch (expression.operator) {
    case 'In':
      return typeof value === 'string' && values.includes(value);
    case 'NotIn':
      return !(typeof value === 'string' && values.includes(value));
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      return false;
  }
}

/** A label selector as the API server reads it: an empty selector selects every pod. */
export function selectorMatches(selector: unknown, labels: Json): boolean {
  const { matchLabels, matchExpressions } = asRecord(selector);
  return (
    Object.entries(asRecord(matchLabels)).every(([k, v]) => labels[k] === v) &&
    asArray(matchExpressions).every((e) => expressionHolds(asRecord(e), labels))
  );
}

function selectorText(selector: unknown): string {
  const { matchLabels, matchExpressions } = asRecord(selector);
  const parts = [
    ...Object.entries(asRecord(matchLabels)).map(([k, v]) => `${k}=${String(v)}`),
    ...asArray(matchExpressions).map((e) => {
      const { key, operator, values } = asRecord(e);
      const list = asArray(values);
      return `${String(key)} ${String(operator)}${list.length > 0 ? ` (${list.join(',')})` : ''}`;
    }),
  ];
  return parts.length === 0 ? 'all' : parts.sort().join(',');
}

function peerText(peer: Json): string {
  const ipBlock = asRecord(peer.ipBlock);
  if (peer.ipBlock !== undefined) {
    const except = asArray(ipBlock.except).map(String).sort();
    return `cidr ${String(ipBlock.cidr)}${except.length > 0 ? ` except ${except.join(',')}` : ''}`;
  }
  const pods = peer.podSelector === undefined ? undefined : `pods(${selectorText(peer.podSelector)})`;
  if (peer.namespaceSelector === undefined) return `${pods ?? 'pods(all)'} in this namespace`;
  const namespace = `namespace(${selectorText(peer.namespaceSelector)})`;
  return pods === undefined ? namespace : `${namespace} ${pods}`;
}

function portTexts(ports: unknown): string[] {
  const list = asArray(ports).map(asRecord);
  if (list.length === 0) return ['any port'];
  return list.map((p) => {
    const protocol = asString(p.protocol) ?? 'TCP';
    const port = p.port === undefined ? 'any' : String(p.port);
    return `${protocol}/${port}${p.endPort === undefined ? '' : `-${String(p.endPort)}`}`;
  });
}

function policyTypes(spec: Json): Direction[] {
  const declared = asArray(spec.policyTypes).map((t) => String(t).toLowerCase());
  if (declared.length > 0) return declared.filter((t): t is Direction => t === 'ingress' || t === 'egress');
  return spec.egress === undefined ? ['ingress'] : ['ingress', 'egress'];
}

/** Every flow the namespace's NetworkPolicies allow a pod with these labels, sorted. */
export function allowedFlows(objects: readonly unknown[], podLabels: Json): string[] {
  const selecting = objectsOfKind(objects, 'NetworkPolicy')
    .map((p) => asRecord(p.spec))
    .filter((spec) => selectorMatches(spec.podSelector, podLabels));
  const flows = new Set<string>();
  for (const direction of ['ingress', 'egress'] as const) {
    const restricting = selecting.filter((spec) => policyTypes(spec).includes(direction));
    if (restricting.length === 0) flows.add(`${direction} anywhere any port`);
    const side = direction === 'ingress' ? 'from' : 'to';
    for (const spec of restricting) {
      for (const rule of asArray(spec[direction]).map(asRecord)) {
        const peers = asArray(rule[side]).map(asRecord);
        const peerTexts = peers.length === 0 ? ['anywhere'] : peers.map(peerText);
        for (const peer of peerTexts) {
          for (const port of portTexts(rule.ports)) {
            flows.add(
              peer === 'anywhere' ? `${direction} ${port} anywhere` : `${direction} ${port} ${side} ${peer}`,
            );
          }
        }
      }
    }
  }
  return [...flows].sort();
}

/** The policies that deny all traffic both ways to every pod they select (no rule at all). */
export function denyAllPolicies(objects: readonly unknown[]): Json[] {
  return objectsOfKind(objects, 'NetworkPolicy').filter((p) => {
    const spec = asRecord(p.spec);
    const types = policyTypes(spec);
    return (
      types.includes('ingress') &&
      types.includes('egress') &&
      asArray(spec.ingress).length === 0 &&
      asArray(spec.egress).length === 0
    );
  });
}
