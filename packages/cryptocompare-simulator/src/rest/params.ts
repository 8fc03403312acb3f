import type { ErrorBody } from './envelope';
import { paramError, requiredParam, tooLong } from './envelope';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** A required symbol list (`fsyms=BTC,ETH`): trimmed, upper-cased, without duplicates. */
export function symbolList(query: URLSearchParams, name: string, maxLength: number): Parsed<string[]> {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return { ok: false, error: requiredParam(name) };
  if (raw.length > maxLength) return { ok: false, error: tooLong(name, maxLength) };
  const symbols = raw
    .split(',')
    .map((symbol) => symbol.trim().toUpperCase())
    .filter((symbol) => symbol !== '');
  if (symbols.length === 0) return { ok: false, error: requiredParam(name) };
  return { ok: true, value: [...new Set(symbols)] };
}

export function symbol(query: URLSearchParams, name: string, maxLength: number): Parsed<string> {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return { ok: false, error: requiredParam(name) };
  if (raw.length > maxLength) return { ok: false, error: tooLong(name, maxLength) };
  return { ok: true, value: raw.trim().toUpperCase() };
}

/** An optional integer parameter within [min, max] (after any reduction the caller applies). */
export function integer(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): Parsed<number> {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return { ok: true, value: fallback };
  const value = Number(raw);
  if (!Number.isFinite(value) || !Number.isInteger(Math.floor(value)) || value < min || value > max) {
    return {
      ok: false,
      error: paramError(name, `${name} param is not valid. It should be a number between ${min} and ${max}.`),
    };
  }
  return { ok: true, value: Math.floor(value) };
}
