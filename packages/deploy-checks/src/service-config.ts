import { type ConfigShape, describeConfig } from '@mdp/runtime/config';
import { isRecord } from './records';
import { repoFileExists } from './repo';
import type { ImageSpec } from './services';

/** What a service's own loadConfig(env) says about an environment. */
export type ConfigVerdict =
  | { status: 'absent' } // the service has no src/config.ts yet
  | { status: 'ok' }
  | { status: 'invalid'; problems: string }
  | { status: 'crashed'; error: string }; // loadConfig threw something other than its config error

type LoadConfig = (env: Record<string, string | undefined>) => unknown;

export function configSource(app: ImageSpec): string {
  return `${app.dir}/${app.config.source}`;
}

function loaderOf(app: ImageSpec): LoadConfig | undefined {
  if (!repoFileExists(configSource(app))) return undefined;
  // Through the package's export, which jest resolves to the TypeScript source.
  const mod: unknown = require(`${app.pkg}/${app.config.module}`);
  const load = isRecord(mod) ? mod[app.config.loader] : undefined;
  if (typeof load !== 'function')
    throw new Error(`${app.pkg}/${app.config.module} exports no ${app.config.loader}`);
  // The simulator's loader also takes the command line, which the image leaves empty.
  return app.config.loader === 'loadCliOptions' ? (env) => load([], env) : (load as LoadConfig);
}

/**
 * Runs the service's real config loader on exactly `env` (nothing from this process): it accepts
 * the environment only if every variable the service requires is set and every value parses.
 */
export function checkServiceEnv(app: ImageSpec, env: Readonly<Record<string, string>>): ConfigVerdict {
  const load = loaderOf(app);
  if (!load) return { status: 'absent' };
  try {
    load({ ...env });
    return { status: 'ok' };
  } catch (e) {
    if (
      e instanceof Error &&
      e.name !== 'TypeError' &&
      e.name !== 'RangeError' &&
      e.name !== 'ReferenceError'
    )
      return { status: 'invalid', problems: e.message };
    return { status: 'crashed', error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Variables every Node process may be given besides the service's own settings. */
const RUNTIME_VARS = ['NODE_ENV', 'NODE_OPTIONS', 'TZ', 'HOSTNAME'];

/**
 * Environment variable names a service can read, from the config shape its config module exports
 * (`describeConfig` of @mdp/runtime), plus the variables any Node process may get. Catches misspelt
 * keys in compose and the manifests, which a loader with defaults would silently ignore. Undefined
 * for a service without a config shape (the simulator's CLI options).
 */
export function knownEnvNames(app: ImageSpec): ReadonlySet<string> | undefined {
  if (!repoFileExists(configSource(app))) return undefined;
  const mod: unknown = require(`${app.pkg}/${app.config.module}`);
  const shape = isRecord(mod) ? mod.configShape : undefined;
  if (!isRecord(shape)) return undefined;
  return new Set([...RUNTIME_VARS, ...describeConfig(shape as ConfigShape).map((d) => d.variable)]);
}
