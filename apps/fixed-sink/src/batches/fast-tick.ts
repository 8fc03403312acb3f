import type { PriceTick } from '@mdp/contracts/market-data';

/**
 * The hot path's check of a PriceTick envelope: a few typeof tests instead of a zod parse (which
 * costs about as much as JSON.parse itself). It only ever says yes to envelopes the contract's zod
 * schema accepts unchanged (already-normalized symbols, canonical `at`); anything else, valid or
 * not, is left to zod, which also explains a failure.
 */
export type FastTick = { readonly id: string; readonly producedAt: number; readonly tick: PriceTick };

const SYMBOL = /^[A-Z0-9]{1,15}$/;
const MARKET = /^[A-Z0-9]{1,30}$/;
const SOURCE = /^[a-z][a-z0-9-]{0,62}$/;
/** Last millisecond of year 9999: beyond it an ISO time needs six year digits. */
const MAX_ISO_MS = 253_402_300_799_999;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrice = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isOptionalNumber = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
const isEpochMs = (v: unknown) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v <= MAX_ISO_MS;

/** The last time checked: messages of one producer batch mostly share their `at`. */
let lastAt = '';
let lastMs = 0;

/** `at` exactly as Date#toISOString writes it (what every producer writes), as epoch ms. */
export function canonicalTime(at: unknown): number | undefined {
  if (at === lastAt) return lastMs;
  if (typeof at !== 'string' || at.length !== 24 || at.charCodeAt(23) !== 90 /* Z */) return undefined;
  const ms = Date.parse(at);
  if (!(Number.isFinite(ms) && ms >= 0 && new Date(ms).toISOString() === at)) return undefined;
  lastAt = at;
  lastMs = ms;
  return ms;
}

const OPTIONAL_FIELDS = [
  'lastVolume',
  'lastVolumeTo',
  'volumeDay',
  'volumeDayTo',
  'volume24h',
  'volume24hTo',
  'openDay',
  'highDay',
  'lowDay',
  'open24h',
  'high24h',
  'low24h',
  'bid',
  'ask',
  'median',
] as const;

function isTick(d: Record<string, unknown>): boolean {
  if (typeof d.market !== 'string' || !MARKET.test(d.market)) return false;
  if (typeof d.base !== 'string' || !SYMBOL.test(d.base)) return false;
  if (typeof d.quote !== 'string' || !SYMBOL.test(d.quote)) return false;
  if (!isPrice(d.price) || !isEpochMs(d.ts)) return false;
  if (typeof d.tradeId !== 'string' || d.tradeId.length > 64) return false;
  for (const field of OPTIONAL_FIELDS) if (!isOptionalNumber(d[field])) return false;
  const flags = d.flags;
  if (flags !== null && !(typeof flags === 'number' && Number.isSafeInteger(flags) && flags >= 0))
    return false;
  return d.origin === 'stream' || d.origin === 'rest' || d.origin === 'replay';
}

/** The parsed envelope when it is surely a valid PriceTick message, else undefined (ask zod). */
export function fastTick(json: unknown): FastTick | undefined {
  if (!isObject(json) || json.type !== 'PriceTick' || json.version !== 1) return undefined;
  const { id, source, data } = json;
  if (typeof id !== 'string' || id.length < 1 || id.length > 128) return undefined;
  if (typeof source !== 'string' || !SOURCE.test(source)) return undefined;
  const producedAt = canonicalTime(json.at);
  if (producedAt === undefined || !isObject(data) || !isTick(data)) return undefined;
  // zod would strip unknown keys; only the known ones are ever read from a row.
  return { id, producedAt, tick: data as unknown as PriceTick };
}
