import type { PriceTick } from '@mdp/contracts/market-data';

/** Years 0001-9999 only: beyond them an ISO time has a signed six-digit year PostgreSQL reads otherwise. */
const MAX_ISO_MS = 253_402_300_799_999;

const num = (v: number | null) => (v === null ? '\\N' : String(v));

/** A text value in COPY text format; undefined when it cannot be stored as text at all (NUL). */
function text(value: string): string | undefined {
  if (!/[\\\t\n\r\0]/.test(value)) return value;
  if (value.includes('\0')) return undefined;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

const iso = (ms: number) =>
  Number.isInteger(ms) && ms > 0 && ms <= MAX_ISO_MS ? new Date(ms).toISOString() : undefined;

/**
 * One ticks row in COPY text format, in TICK_COLUMNS order (see columns.ts), built when the message
 * is decoded (while the previous batch is written). Undefined when a value cannot go through COPY
 * as is: such a batch takes the INSERT path, where the database says what is wrong with it.
 */
export function tickCopyLine(t: PriceTick, id: string, producedAtMs: number): string | undefined {
  const ts = iso(t.ts);
  const producedAt = iso(producedAtMs);
  const tradeId = text(t.tradeId);
  const messageId = text(id);
  if (ts === undefined || producedAt === undefined || tradeId === undefined || messageId === undefined)
    return undefined;
  return `${t.market}\t${t.base}\t${t.quote}\t${ts}\t${tradeId}\t${t.price}\t${num(t.lastVolume)}\t${num(
    t.lastVolumeTo,
  )}\t${num(t.volumeDay)}\t${num(t.volumeDayTo)}\t${num(t.volume24h)}\t${num(t.volume24hTo)}\t${num(
    t.openDay,
  )}\t${num(t.highDay)}\t${num(t.lowDay)}\t${num(t.open24h)}\t${num(t.high24h)}\t${num(t.low24h)}\t${num(
    t.bid,
  )}\t${num(t.ask)}\t${num(t.median)}\t${num(t.flags)}\t${t.origin}\t${messageId}\t${producedAt}\n`;
}
