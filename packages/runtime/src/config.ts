import type { ConfigVar } from './config-vars';
import { renamedVariableProblems } from './renamed-vars';

/** A tree of config variables: leaves are `ConfigVar`s, inner nodes group them (`kafka.brokers`). */
export type ConfigShape = { readonly [key: string]: ConfigVar<unknown> | ConfigShape };

/** The typed, frozen object `loadConfig` returns for a shape. */
export type ConfigOf<S extends ConfigShape> = {
  readonly [K in keyof S]: S[K] extends ConfigVar<infer T>
    ? T
    : S[K] extends ConfigShape
      ? ConfigOf<S[K]>
      : never;
};

export type Env = Readonly<Record<string, string | undefined>>;
export type ConfigProblem = { variable: string; reason: string };

/** Every problem found in the environment, reported at once so one restart fixes them all. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((p) => `  - ${p.variable}: ${p.reason}`)
        .join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function isConfigVar(node: ConfigVar<unknown> | ConfigShape): node is ConfigVar<unknown> {
  return (node as { kind?: unknown }).kind === 'config-var';
}

/**
 * Reads every variable of `shape` from `env` once: unset or empty variables take their default,
 * values are coerced and validated (zod), all problems are collected into one `ConfigError`, with
 * one for each renamed variable still set under its old name (renamed-vars). Returns a
 * deep-frozen object shaped like `shape`.
 */
export function loadConfig<S extends ConfigShape>(shape: S, env: Env): ConfigOf<S> {
  const problems: ConfigProblem[] = [];
  const walk = (node: ConfigShape): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      if (!isConfigVar(child)) {
        out[key] = walk(child);
        continue;
      }
      const raw = env[child.env];
      if (raw === undefined || raw.trim() === '') {
        if (child.hasDefault) out[key] = child.defaultValue;
        else if (!child.required) out[key] = undefined;
        else problems.push({ variable: child.env, reason: 'is required but not set' });
        continue;
      }
      const parsed = child.parse(raw.trim());
      if (parsed.ok) out[key] = parsed.value;
      else
        problems.push({
          variable: child.env,
          reason: child.secret ? parsed.error : withValue(parsed.error, raw),
        });
    }
    return out;
  };
  const config = walk(shape);
  const variables = new Set(describeConfig(shape).map((d) => d.variable));
  problems.push(...renamedVariableProblems(variables, env));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config) as ConfigOf<S>;
}

function withValue(reason: string, raw: string): string {
  const shown = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
  return `${reason} (got ${JSON.stringify(shown)})`;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** One row of the configuration reference of a service. */
export type ConfigVarDescription = {
  variable: string;
  path: string;
  description: string;
  required: boolean;
  default: string | undefined;
  secret: boolean;
};

/** Lists every variable of a shape, in declaration order, for docs and `--help`. */
export function describeConfig(shape: ConfigShape, prefix = ''): ConfigVarDescription[] {
  return Object.entries(shape).flatMap(([key, child]): ConfigVarDescription[] => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!isConfigVar(child)) return describeConfig(child, path);
    return [
      {
        variable: child.env,
        path,
        description: child.description,
        required: child.required && !child.hasDefault,
        default: child.secret ? undefined : child.defaultText,
        secret: child.secret,
      },
    ];
  });
}

/** The reference as a Markdown table (variable, required, default, description). */
export function configMarkdownTable(shape: ConfigShape): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = describeConfig(shape).map(
    (d) =>
      `| \`${d.variable}\` | ${d.required ? 'yes' : 'no'} | ${d.default === undefined ? '' : `\`${cell(d.default)}\``} | ${cell(d.description)}${d.secret ? ' (secret)' : ''} |`,
  );
  return ['| variable | required | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
