import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isRecord } from '../records';

export type SchemaResult = { id: string; errors: string[] };

/**
 * Each object checked against the Kubernetes API schemas of the pinned kubernetes-models version
 * (Kubernetes 1.36). Runs schema-validator.mts in a child Node process (see there why).
 */
export function validateAgainstKubernetesSchemas(objects: readonly unknown[]): SchemaResult[] {
  const script = join(__dirname, 'schema-validator.mts');
  const output = execFileSync(process.execPath, ['--no-warnings', script], {
    input: JSON.stringify(objects.map(unwrapSecretData)),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output) as SchemaResult[];
}

/**
 * kustomize wraps long base64 Secret values over several lines; the API server's base64 decoder
 * skips line breaks, the schema's `byte` format does not. Join them as the server reads them.
 */
function unwrapSecretData(object: unknown): unknown {
  if (!isRecord(object) || object.kind !== 'Secret' || !isRecord(object.data)) return object;
  const data = Object.fromEntries(
    Object.entries(object.data).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v]),
  );
  return { ...object, data };
}
