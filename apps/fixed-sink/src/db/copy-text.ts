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

/** Reused for every row: join() makes one flat string, no per-row array or string tree is kept. */
const fields: string[] = new Array(25).fill('');

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
  fields[0] = t.market;
  fields[1] = t.base;
  fields[2] = t.quote;
  fields[3] = ts;
  fields[4] = tradeId;
  fields[5] = String(t.price);
  fields[6] = num(t.lastVolume);
  fields[7] = num(t.lastVolumeTo);
  fields[8] = num(t.volumeDay);
  fields[9] = num(t.volumeDayTo);
  fields[10] = num(t.volume24h);
  fields[11] = num(t.volume24hTo);
  fields[12] = num(t.openDay);
  fields[13] = num(t.highDay);
  fields[14] = num(t.lowDay);
  fields[15] = num(t.open24h);
  fields[16] = num(t.high24h);
  fields[17] = num(t.low24h);
  fields[18] = num(t.bid);
  fields[19] = num(t.ask);
  fields[20] = num(t.median);
  fields[21] = num(t.flags);
  fields[22] = t.origin;
  fields[23] = messageId;
  fields[24] = `${producedAt}\n`;
  return fields.join('\t');
}
