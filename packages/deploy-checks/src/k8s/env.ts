import { asArray, asRecord, asString, type Json } from '../records';
import { checkServiceEnv, knownEnvNames } from '../service-config';
import { APPS } from '../services';
import { containersOf, findObject } from './objects';

export type EnvOptions = Readonly<{
  /** Secrets the overlay expects to exist in the cluster (created outside the repository). */
  externalSecrets: readonly string[];
}>;

/**
 * Stand-in values for Secrets that exist only in the cluster, shaped as the services expect
 * (GATEWAY_API_KEYS is `key:appId` pairs, the admin token at least 16 characters...).
 */
const SAMPLE_SECRET_VALUES: Record<string, string> = {
  GATEWAY_API_KEYS: 'sample-key-0123456789abcdef:sample-app',
  COORDINATOR_ADMIN_TOKEN: 'sample-admin-token-0123456789',
  CRYPTOCOMPARE_API_KEY: 'sample-cryptocompare-api-key',
  DATABASE_URL: 'postgresql://app:secret@timescaledb-rw:5432/app',
  GATEWAY_TOKEN_SECRET: 'sample-token-signing-key-0123456789abcdef',
};

function secretValue(objects: readonly unknown[], name: string, key: string): string | undefined {
  const secret = findObject(objects, 'Secret', name);
  if (!secret) return undefined;
  const plain = asString(asRecord(secret.stringData)[key]);
  const encoded = asString(asRecord(secret.data)[key]);
  return plain ?? (encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8'));
}

/** The environment a container gets: envFrom ConfigMaps/Secrets, then env entries (which win). */
export function containerEnv(
  objects: readonly unknown[],
  container: Json,
  options: EnvOptions,
): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  for (const source of asArray(container.envFrom).map(asRecord)) {
    const ref = asRecord(source.configMapRef ?? source.secretRef);
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    const name = asString(ref.name) ?? '';
    const object = findObject(objects, kind, name);
    if (!object && ref.optional !== true) problems.push(`envFrom refers to missing ${kind} ${name}`);
    for (const [k, v] of Object.entries(asRecord(object?.data))) {
      env[k] = kind === 'Secret' ? Buffer.from(String(v), 'base64').toString('utf8') : String(v);
    }
  }
  for (const item of asArray(container.env).map(asRecord)) {
    const name = asString(item.name) ?? '';
    const from = asRecord(item.valueFrom);
    if (item.value !== undefined) env[name] = String(item.value);
    else if (from.fieldRef) env[name] = 'sample-pod-7c9d8f6b5-x2k4q';
    else if (from.configMapKeyRef) {
      const ref = asRecord(from.configMapKeyRef);
      const value = asRecord(findObject(objects, 'ConfigMap', asString(ref.name) ?? '')?.data)[
        asString(ref.key) ?? ''
      ];
      if (value !== undefined) env[name] = String(value);
      else if (ref.optional !== true) problems.push(`${name} refers to a missing ConfigMap key`);
    } else if (from.secretKeyRef) {
      const ref = asRecord(from.secretKeyRef);
      const [secret, key] = [asString(ref.name) ?? '', asString(ref.key) ?? ''];
      const value = secretValue(objects, secret, key);
      if (value !== undefined) env[name] = value;
      // An external Secret is checked as filled in, optional keys too (prod's Kafka credentials).
      else if (options.externalSecrets.includes(secret))
        env[name] = SAMPLE_SECRET_VALUES[name] ?? 'sample-secret';
      else if (ref.optional === true)
        continue; // the service must start without it
      else
        problems.push(
          `${name} refers to Secret ${secret}, which is neither rendered nor an expected external Secret`,
        );
    }
  }
  return { env, problems };
}

/** Each service's rendered environment satisfies its own loadConfig and names only variables it reads. */
export function envProblems(
  objects: readonly unknown[],
  options: EnvOptions,
  notes: string[] = [],
): string[] {
  const problems: string[] = [];
  for (const app of APPS) {
    const deployment = findObject(objects, 'Deployment', app.name);
    const container = deployment && containersOf(deployment).find((c) => c.name === app.name);
    if (!container) continue;
    const { env, problems: refs } = containerEnv(objects, container, options);
    problems.push(...refs.map((p) => `${app.name}: ${p}`));
    if (env[app.portEnv] !== String(app.port))
      problems.push(`${app.name}: ${app.portEnv} must be ${app.port}`);
    const verdict = checkServiceEnv(app, env);
    if (verdict.status === 'invalid')
      problems.push(`${app.name}: its loadConfig rejects the env: ${verdict.problems}`);
    if (verdict.status === 'crashed')
      problems.push(
        `${app.name}: its loadConfig crashed on the env (a bug in the service): ${verdict.error}`,
      );
    if (verdict.status === 'absent') notes.push(`${app.name}: no src/config.ts yet, env not checked`);
    const known = knownEnvNames(app);
    for (const key of Object.keys(env)) {
      if (known && !known.has(key)) problems.push(`${app.name}: sets ${key}, which the service never reads`);
    }
  }
  return problems;
}
