import { err, ok, type Result } from '@mdp/contracts/result';
import { z } from 'zod';
import { Secret } from './secret';

/** One environment variable: how to parse it, its default, and what docs should say about it. */
export type ConfigVar<T> = {
  readonly kind: 'config-var';
  readonly env: string;
  readonly description: string;
  /** false for `optional(...)`: unset yields `undefined`. */
  readonly required: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue: T | undefined;
  readonly defaultText: string | undefined;
  readonly secret: boolean;
  /** Parses the trimmed, non-empty raw value; the error is a reason without the value. */
  readonly parse: (raw: string) => Result<T, string>;
};

type Common<T> = {
  description?: string;
  default?: T;
  /** The default as an operator would write it; needed when it is not a string, number or list of them. */
  showDefault?: (value: T) => string;
};

/** How docs show a default: lists as the comma list one would set, never `[object Object]`. */
function showValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(showValue).join(',');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function configVar<T>(
  env: string,
  parse: (raw: string) => Result<T, string>,
  opts: Common<T> & { secret?: boolean },
): ConfigVar<T> {
  const hasDefault = opts.default !== undefined;
  return {
    kind: 'config-var',
    env,
    description: opts.description ?? '',
    required: true,
    hasDefault,
    defaultValue: opts.default,
    defaultText: hasDefault ? (opts.showDefault ?? showValue)(opts.default as T) : undefined,
    secret: opts.secret ?? false,
    parse,
  };
}

/** Wraps a zod schema that takes the raw string, so every variable is validated by zod. */
function viaZod<T>(schema: z.ZodType<T>): (raw: string) => Result<T, string> {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    return parsed.success ? ok(parsed.data) : err(parsed.error.issues[0]?.message ?? 'is invalid');
  };
}

/** Any zod schema over the raw string (`z.string().transform(...)`, `z.url()`...). */
export function customVar<T>(env: string, schema: z.ZodType<T>, opts: Common<T> = {}): ConfigVar<T> {
  return configVar(env, viaZod(schema), opts);
}

/** Unset (or empty) yields `undefined` instead of a "required" problem. */
export function optional<T>(v: ConfigVar<T>): ConfigVar<T | undefined> {
  return { ...v, required: false, hasDefault: false, defaultValue: undefined, defaultText: undefined };
}

export function stringVar(env: string, opts: Common<string> & { pattern?: RegExp; maxLength?: number } = {}) {
  let schema = z.string().max(opts.maxLength ?? 4096, `must be at most ${opts.maxLength ?? 4096} characters`);
  if (opts.pattern) schema = schema.regex(opts.pattern, `must match ${opts.pattern}`);
  return configVar(env, viaZod(schema), opts);
}

export function intVar(env: string, opts: Common<number> & { min?: number; max?: number } = {}) {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const schema = z
    .string()
    .regex(/^[-+]?\d+$/, 'must be an integer')
    .transform(Number)
    .pipe(z.number().min(min, `must be >= ${min}`).max(max, `must be <= ${max}`));
  return configVar(env, viaZod(schema), opts);
}

export function portVar(env: string, opts: Common<number> = {}) {
  return intVar(env, { ...opts, min: 0, max: 65_535 });
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `1.5s`, `2m`, `1h` → milliseconds: only to say what to write instead of such a value. */
function unitDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const ms = Math.round(Number(match[1]) * (DURATION_UNITS_MS[match[2]] ?? 1));
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * A duration: integer milliseconds, in a variable whose name ends in `_MS` (the convention of every
 * service, so a value never needs a unit and a name never hides one).
 */
export function durationVar(env: string, opts: Common<number> & { min?: number; max?: number } = {}) {
  if (!env.endsWith('_MS')) throw new Error(`duration variable ${env} must be named ..._MS`);
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const schema = z
    .string()
    .transform((raw, ctx) => {
      if (/^\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
      const ms = unitDurationMs(raw);
      ctx.addIssue({
        code: 'custom',
        message:
          ms === undefined
            ? 'must be a whole number of milliseconds'
            : `must be a whole number of milliseconds (${raw} is ${ms})`,
      });
      return z.NEVER;
    })
    .pipe(z.number().min(min, `must be at least ${min} ms`).max(max, `must be at most ${max} ms`));
  return configVar(env, viaZod(schema), opts);
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

export function boolVar(env: string, opts: Common<boolean> = {}) {
  const schema = z
    .string()
    .transform((raw) => raw.toLowerCase())
    .refine((v) => TRUE.includes(v) || FALSE.includes(v), 'must be true/false, 1/0, yes/no or on/off')
    .transform((v) => TRUE.includes(v));
  return configVar(env, viaZod(schema), opts);
}

export function enumVar<const V extends readonly [string, ...string[]]>(
  env: string,
  values: V,
  opts: Common<V[number]> = {},
) {
  const schema = z.enum(values, { error: () => `must be one of ${values.join(', ')}` });
  return configVar(env, viaZod(schema), opts);
}

/** Comma-separated list; items trimmed, empty items dropped, each checked by `item`. */
export function listVar(
  env: string,
  opts: Common<readonly string[]> & { item?: z.ZodType<string, string>; minItems?: number } = {},
) {
  const item = opts.item ?? z.string();
  const schema = z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .pipe(z.array(item).min(opts.minItems ?? 1, `must list at least ${opts.minItems ?? 1} item(s)`));
  return configVar<readonly string[]>(env, viaZod(schema), { ...opts, showDefault: (v) => v.join(',') });
}

const HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):(\d{1,5})$/;

/** `host:port` whose port is 1-65535 (IPv6 hosts in brackets). */
export const hostPortSchema = z.string().refine((v) => {
  const port = Number(HOST_PORT.exec(v)?.[2] ?? Number.NaN);
  return port >= 1 && port <= 65_535;
}, 'each broker must be host:port with a port between 1 and 65535');

/** The brokers to bootstrap from: a required comma list of `host:port`. */
export function kafkaBrokersVar(env = 'KAFKA_BROKERS', opts: { description?: string } = {}) {
  return listVar(env, {
    item: hostPortSchema,
    description: opts.description ?? 'Kafka bootstrap brokers, comma-separated host:port',
  });
}

/** `sensitive` (URLs with credentials, e.g. DATABASE_URL) keeps the value out of errors and docs. */
export function urlVar(
  env: string,
  opts: Common<string> & { protocols?: readonly string[]; sensitive?: boolean } = {},
) {
  const protocols = opts.protocols ?? ['http:', 'https:'];
  const schema = z.string().refine(
    (raw) => {
      try {
        return protocols.includes(new URL(raw).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL with protocol ${protocols.join(' or ')}`,
  );
  return configVar(env, viaZod(schema), { ...opts, secret: opts.sensitive ?? false });
}

/** A credential: held in a `Secret`, so neither logs nor errors ever show it. */
export function secretVar(env: string, opts: { description?: string } = {}) {
  return configVar(env, (raw) => ok(new Secret(raw)), { ...opts, secret: true });
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function logLevelVar(env = 'LOG_LEVEL') {
  return enumVar(env, LOG_LEVELS, { default: 'info', description: 'pino log level' });
}
