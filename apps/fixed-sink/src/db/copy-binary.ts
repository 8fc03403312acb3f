import type { PriceTick } from '@mdp/contracts/market-data';

/**
 * Ticks rows in PostgreSQL's binary COPY format, built when a message is decoded (while the
 * previous batch is written): doubles go as their 8 bytes and times as microseconds, so neither
 * Node nor PostgreSQL converts numbers to and from text (what text COPY spends most of its time on).
 */
const PG_EPOCH_MS = 946_684_800_000; // 2000-01-01T00:00:00Z
/** Microseconds stay exact doubles (< 2^53) up to about the year 2255; later times take the INSERT path. */
const MAX_EXACT_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000) + PG_EPOCH_MS;
const FIELDS = 25; // TICK_COLUMNS (columns.ts), in that order
const TWO_32 = 2 ** 32;

/** `PGCOPY\n\377\r\n\0`, no flags, no header extension. */
export const COPY_BINARY_HEADER = Buffer.concat([
  Buffer.from('PGCOPY\n', 'latin1'),
  Buffer.from([0xff, 0x0d, 0x0a, 0x00]),
  Buffer.alloc(8),
]);
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** Where a row's bytes are: rows decoded one after another lie side by side in one slab. */
export type CopyRow = { readonly slab: Buffer; readonly start: number; readonly end: number };

/**
 * Rows are written into shared slabs rather than a Buffer each: no per-row Buffer object, and a
 * batch (taken in arrival order) is a few contiguous runs sent as they are, without a copy.
 */
const SLAB_BYTES = 4 * 1024 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let used = 0;

class RowWriter {
  readonly buf: Buffer;
  readonly start: number;
  offset: number;
  constructor(maxBytes: number) {
    if (used + maxBytes > slab.length) {
      slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, maxBytes));
      used = 0;
    }
    this.buf = slab;
    this.start = used;
    this.buf.writeInt16BE(FIELDS, used);
    this.offset = used + 2;
  }
  text(value: string): void {
    const length = this.buf.write(value, this.offset + 4, 'utf8');
    this.buf.writeInt32BE(length, this.offset);
    this.offset += 4 + length;
  }
  double(value: number | null): void {
    if (value === null) {
      this.nil();
      return;
    }
    this.buf.writeInt32BE(8, this.offset);
    this.buf.writeDoubleBE(value, this.offset + 4);
    this.offset += 12;
  }
  /** A whole number |v| < 2^53 as int8. */
  int64(value: number): void {
    const high = Math.floor(value / TWO_32);
    this.buf.writeInt32BE(8, this.offset);
    this.buf.writeInt32BE(high, this.offset + 4);
    this.buf.writeUInt32BE(value - high * TWO_32, this.offset + 8);
    this.offset += 12;
  }
  timestamp(ms: number): void {
    this.int64((ms - PG_EPOCH_MS) * 1000);
  }
  nil(): void {
    this.buf.writeInt32BE(-1, this.offset);
    this.offset += 4;
  }
  done(): CopyRow {
    used = this.offset;
    return { slab: this.buf, start: this.start, end: this.offset };
  }
}

/** The batch's rows as few contiguous chunks, between the binary COPY header and trailer. */
export function copyChunks(rows: readonly CopyRow[]): Buffer[] {
  const chunks: Buffer[] = [COPY_BINARY_HEADER];
  let run: { slab: Buffer; start: number; end: number } | undefined;
  for (const row of rows) {
    if (run && run.slab === row.slab && run.end === row.start) run.end = row.end;
    else {
      if (run) chunks.push(run.slab.subarray(run.start, run.end));
      run = { slab: row.slab, start: row.start, end: row.end };
    }
  }
  if (run) chunks.push(run.slab.subarray(run.start, run.end));
  chunks.push(COPY_BINARY_TRAILER);
  return chunks;
}

const copyable = (ms: number) => Number.isSafeInteger(ms) && ms > 0 && ms <= MAX_EXACT_MS;

/**
 * One ticks row (field count, then length and bytes of each field), or undefined when a value
 * cannot go through COPY as is (a NUL in a text, a time beyond the exact range): such a batch takes
 * the INSERT path, where the database says what is wrong with it.
 */
export function tickCopyRow(t: PriceTick, messageId: string, producedAtMs: number): CopyRow | undefined {
  if (!copyable(t.ts) || !copyable(producedAtMs)) return undefined;
  if (t.tradeId.includes('\0') || messageId.includes('\0')) return undefined;
  const texts =
    t.market.length + t.base.length + t.quote.length + t.tradeId.length + t.origin.length + messageId.length;
  // Fixed part: 2 + 25 length words + 17 doubles + flags + two times; utf8 is at most 3 bytes a UTF-16 unit.
  const w = new RowWriter(2 + FIELDS * 4 + 20 * 8 + 3 * texts);
  w.text(t.market);
  w.text(t.base);
  w.text(t.quote);
  w.timestamp(t.ts);
  w.text(t.tradeId);
  w.double(t.price);
  w.double(t.lastVolume);
  w.double(t.lastVolumeTo);
  w.double(t.volumeDay);
  w.double(t.volumeDayTo);
  w.double(t.volume24h);
  w.double(t.volume24hTo);
  w.double(t.openDay);
  w.double(t.highDay);
  w.double(t.lowDay);
  w.double(t.open24h);
  w.double(t.high24h);
  w.double(t.low24h);
  w.double(t.bid);
  w.double(t.ask);
  w.double(t.median);
  if (t.flags === null) w.nil();
  else w.int64(t.flags);
  w.text(t.origin);
  w.text(messageId);
  w.timestamp(producedAtMs);
  return w.done();
}
