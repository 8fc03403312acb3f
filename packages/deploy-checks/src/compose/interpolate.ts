/**
 * Compose's variable interpolation, for the forms this repository uses: `$$`, `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`,
 * `${VAR+alt}`. An unset variable without default becomes empty, as compose does (with a warning);
 * a `?` form with the variable unset is collected in `missing`.
 */
export type Interpolated<T> = { value: T; missing: string[] };

const PATTERN =
  /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function interpolateString(text: string, env: Readonly<Record<string, string>>, missing: string[]): string {
  return text.replace(
    PATTERN,
    (_all, dollar?: string, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (dollar) return '$';
      const name = braced ?? bare ?? '';
      const value = env[name];
      const set = value !== undefined;
      const nonEmpty = set && value !== '';
      const inner = interpolateString(arg ?? '', env, missing);
      switch (op) {
        case ':-':
          return nonEmpty ? value : inner;
        case '-':
          return set ? value : inner;
        case ':?':
        case '?':
          if (op === ':?' ? nonEmpty : set) return value ?? '';
          missing.push(name);
          return '';
        case ':+':
          return nonEmpty ? inner : '';
        case '+':
          return set ? inner : '';
        default:
          return value ?? '';
      }
    },
  );
}

function walk(value: unknown, env: Readonly<Record<string, string>>, missing: string[]): unknown {
  if (typeof value === 'string') return interpolateString(value, env, missing);
  if (Array.isArray(value)) return value.map((v) => walk(v, env, missing));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, env, missing)]));
  }
  return value;
}

export function interpolate<T>(value: T, env: Readonly<Record<string, string>> = {}): Interpolated<T> {
  const missing: string[] = [];
  return { value: walk(value, env, missing) as T, missing };
}
