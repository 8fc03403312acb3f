/**
 * Field readers for CryptoCompare payloads, whose types drift across years (FLAGS a string in REST and
 * a number in the stream, numbers sometimes null or quoted). Readers never throw: a value either is
 * what the contract needs or is reported as absent.
 */
export type Fields = Readonly<Record<string, unknown>>;

const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number, or a plain decimal string ("NaN", "Infinity", "", "1,000" are not). */
export function finiteNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.length <= 40 && DECIMAL.test(value.trim())) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function nonNegativeInt(value: unknown): number | null {
  const n = finiteNumber(value);
  return n !== null && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** CryptoCompare times are unix seconds; values already in ms are accepted as such. */
export function epochMsFromSeconds(value: unknown): number | null {
  const n = finiteNumber(value);
  if (n === null || n <= 0) return null;
  const ms = n >= 1e11 ? n : n * 1000;
  return Number.isSafeInteger(Math.round(ms)) ? Math.round(ms) : null;
}

export function shortString(value: unknown, max: number): string | null {
  if (typeof value === 'string') return value.length <= max ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Text fields that name things (market, symbols) must be strings: a number there is a malformed payload. */
export function nameString(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}
