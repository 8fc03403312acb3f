import { asArray, asRecord, asString, isRecord, type Json } from '../records';
import { readRepoText } from '../repo';
import { parseYaml } from '../yaml-file';
import { interpolate } from './interpolate';

export const COMPOSE_FILE = 'docker-compose.yml';

/** The compose file as docker compose sees it: parsed, merge keys resolved, variables interpolated. */
export type ComposeModel = Readonly<{
  doc: Json;
  services: Readonly<Record<string, Json>>;
  missing: string[];
}>;

export function composeModel(doc: unknown, env: Readonly<Record<string, string>> = {}): ComposeModel {
  const { value, missing } = interpolate(doc, env);
  const root = asRecord(value);
  const services: Record<string, Json> = {};
  for (const [name, service] of Object.entries(asRecord(root.services))) services[name] = asRecord(service);
  return { doc: root, services, missing };
}

/** The repository's docker-compose.yml with no variables set (every `${VAR:-default}` at its default). */
export function loadRepoCompose(env: Readonly<Record<string, string>> = {}): ComposeModel {
  return composeModel(parseYaml(readRepoText(COMPOSE_FILE)), env);
}

/** `environment` in either form (map or `KEY=value` list); a key without value is left unset. */
export function serviceEnvironment(service: Json): Record<string, string> {
  const env: Record<string, string> = {};
  const raw = service.environment;
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const text = String(item);
      const eq = text.indexOf('=');
      if (eq > 0) env[text.slice(0, eq)] = text.slice(eq + 1);
    }
  } else {
    for (const [key, value] of Object.entries(asRecord(raw))) {
      if (value !== null && value !== undefined) env[key] = String(value);
    }
  }
  return env;
}

export type Dependency = { service: string; condition: string | undefined; longForm: boolean };

export function dependencies(service: Json): Dependency[] {
  const raw = service.depends_on;
  if (Array.isArray(raw))
    return raw.map((s) => ({ service: String(s), condition: undefined, longForm: false }));
  return Object.entries(asRecord(raw)).map(([name, spec]) => ({
    service: name,
    condition: asString(asRecord(spec).condition),
    longForm: isRecord(spec),
  }));
}

/** The command as one string (list or string form), for matching flags. */
export function commandText(service: Json, key: 'command' | 'entrypoint' = 'command'): string {
  const raw = service[key];
  return Array.isArray(raw) ? raw.map(String).join(' ') : (asString(raw) ?? '');
}

export function profiles(service: Json): string[] {
  return asArray(service.profiles).map(String);
}

/** `image: name:tag` split; tag undefined when the reference has none (docker then pulls `latest`). */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
}
