import { asRecord, asString, at } from '../records';
import { kindOf, nameOf, objectsOfKind } from './objects';

const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass'];

/** An overlay creates its namespace with the "restricted" Pod Security Standard and puts everything in it. */
export function namespaceProblems(objects: readonly unknown[], namespace: string): string[] {
  const problems: string[] = [];
  const ns = objectsOfKind(objects, 'Namespace').find((o) => nameOf(o) === namespace);
  if (!ns) problems.push(`no Namespace ${namespace}`);
  else if (at(ns, 'metadata', 'labels', 'pod-security.kubernetes.io/enforce') !== 'restricted')
    problems.push(`Namespace ${namespace} must enforce the restricted Pod Security Standard`);
  for (const object of objects) {
    if (CLUSTER_SCOPED.includes(kindOf(object))) continue;
    const actual = asString(asRecord(asRecord(object).metadata).namespace);
    if (actual !== namespace)
      problems.push(`${kindOf(object)}/${nameOf(object)} is in namespace ${actual ?? 'none'}`);
  }
  return problems;
}
