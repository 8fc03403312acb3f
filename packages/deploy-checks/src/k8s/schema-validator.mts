// Validates Kubernetes objects against the Kubernetes API schemas that the npm package
// kubernetes-models ships (ajv validators compiled from the Kubernetes OpenAPI document).
// That package is ESM-only and this repository's jest runs CommonJS, so validate.ts runs this
// file in a child `node` (which strips the types). stdin: a JSON array of objects;
// stdout: a JSON array of { id, errors } in the same order.
import { text } from 'node:stream/consumers';

type KubeObject = { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
type Model = { validate(): void };
type ModelClass = new (data: unknown) => Model;

const RESOURCE_PART = /^[A-Za-z0-9.-]+$/;

async function validateOne(object: KubeObject): Promise<string[]> {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return ['apiVersion and kind must be strings'];
  if (!apiVersion.split('/').every((p) => RESOURCE_PART.test(p)) || !RESOURCE_PART.test(kind))
    return [`unexpected apiVersion/kind ${apiVersion} ${kind}`];
  // The Prometheus Operator's kinds (ServiceMonitor, PrometheusRule) come from its own package.
  const modelPackage = apiVersion.startsWith('monitoring.coreos.com/')
    ? '@kubernetes-models/prometheus-operator'
    : 'kubernetes-models';
  let module: Record<string, ModelClass | undefined>;
  try {
    module = (await import(`${modelPackage}/${apiVersion}/${kind}`)) as Record<
      string,
      ModelClass | undefined
    >;
  } catch {
    return [`no Kubernetes API schema for ${apiVersion} ${kind}`];
  }
  const ModelOfKind = module[kind];
  if (!ModelOfKind) return [`no Kubernetes API schema for ${apiVersion} ${kind}`];
  try {
    new ModelOfKind(object).validate();
    return [];
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}

const objects = JSON.parse(await text(process.stdin)) as KubeObject[];
const results = [];
for (const object of objects) {
  results.push({
    id: `${String(object.kind)}/${String(object.metadata?.name)}`,
    errors: await validateOne(object),
  });
}
process.stdout.write(JSON.stringify(results));
