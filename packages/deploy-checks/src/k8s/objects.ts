import { asArray, asRecord, asString, type Json } from '../records';

/** Helpers over rendered Kubernetes objects (plain JSON from the YAML stream). */
export type KubeObject = Json;

export function kindOf(object: unknown): string {
  return asString(asRecord(object).kind) ?? '';
}

export function nameOf(object: unknown): string {
  return asString(asRecord(asRecord(object).metadata).name) ?? '';
}

export function findObject(objects: readonly unknown[], kind: string, name: string): KubeObject | undefined {
  const found = objects.find((o) => kindOf(o) === kind && nameOf(o) === name);
  return found === undefined ? undefined : asRecord(found);
}

export function objectsOfKind(objects: readonly unknown[], kind: string): KubeObject[] {
  return objects.filter((o) => kindOf(o) === kind).map(asRecord);
}

/** A generated ConfigMap/Secret is named `<name>-<hash>`; a reference may use either form. */
export function findGenerated(
  objects: readonly unknown[],
  kind: string,
  name: string,
): KubeObject | undefined {
  return (
    findObject(objects, kind, name) ??
    objects
      .map(asRecord)
      .find((o) => kindOf(o) === kind && new RegExp(`^${name}-[a-z0-9]{10}$`).test(nameOf(o)))
  );
}

export function podSpec(deployment: KubeObject): Json {
  return asRecord(asRecord(asRecord(deployment.spec).template).spec);
}

export function podLabels(deployment: KubeObject): Json {
  return asRecord(asRecord(asRecord(asRecord(deployment.spec).template).metadata).labels);
}

export function podAnnotations(deployment: KubeObject): Json {
  return asRecord(asRecord(asRecord(asRecord(deployment.spec).template).metadata).annotations);
}

export function containersOf(deployment: KubeObject): Json[] {
  return asArray(podSpec(deployment).containers).map(asRecord);
}

/** True when every key/value of `selector` is among `labels` (an empty selector selects nothing here). */
export function selects(selector: unknown, labels: Json): boolean {
  const entries = Object.entries(asRecord(selector));
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}
