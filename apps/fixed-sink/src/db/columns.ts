import type { CandleRow, TickRow } from '../batches/rows';

type Value = string | number | null;

/** A column written from an array parameter: its PostgreSQL array type and how to read it from a row. */
export type Column<R> = {
  readonly name: string;
  readonly type: 'text' | 'float8' | 'int8';
  readonly value: (row: R) => Value;
  /** How the unnested value becomes the stored one (default: as is). */
  readonly select?: string;
};

const epochMs = (name: string) => `to_timestamp(${name} / 1000.0)`;

export const TICK_COLUMNS: readonly Column<TickRow>[] = [
  { name: 'market', type: 'text', value: (r) => r.tick.market },
  { name: 'base', type: 'text', value: (r) => r.tick.base },
  { name: 'quote', type: 'text', value: (r) => r.tick.quote },
  { name: 'ts', type: 'int8', value: (r) => r.tick.ts, select: epochMs('ts') },
  { name: 'trade_id', type: 'text', value: (r) => r.tick.tradeId },
  { name: 'price', type: 'float8', value: (r) => r.tick.price },
  { name: 'last_volume', type: 'float8', value: (r) => r.tick.lastVolume },
  { name: 'last_volume_to', type: 'float8', value: (r) => r.tick.lastVolumeTo },
  { name: 'volume_day', type: 'float8', value: (r) => r.tick.volumeDay },
  { name: 'volume_day_to', type: 'float8', value: (r) => r.tick.volumeDayTo },
  { name: 'volume_24h', type: 'float8', value: (r) => r.tick.volume24h },
  { name: 'volume_24h_to', type: 'float8', value: (r) => r.tick.volume24hTo },
  { name: 'open_day', type: 'float8', value: (r) => r.tick.openDay },
  { name: 'high_day', type: 'float8', value: (r) => r.tick.highDay },
  { name: 'low_day', type: 'float8', value: (r) => r.tick.lowDay },
  { name: 'open_24h', type: 'float8', value: (r) => r.tick.open24h },
  { name: 'high_24h', type: 'float8', value: (r) => r.tick.high24h },
  { name: 'low_24h', type: 'float8', value: (r) => r.tick.low24h },
  { name: 'bid', type: 'float8', value: (r) => r.tick.bid },
  { name: 'ask', type: 'float8', value: (r) => r.tick.ask },
  { name: 'median', type: 'float8', value: (r) => r.tick.median },
  { name: 'flags', type: 'int8', value: (r) => r.tick.flags },
  { name: 'origin', type: 'text', value: (r) => r.tick.origin },
  { name: 'message_id', type: 'text', value: (r) => r.messageId },
  { name: 'produced_at', type: 'int8', value: (r) => r.producedAt, select: epochMs('produced_at') },
];

export const CANDLE_COLUMNS: readonly Column<CandleRow>[] = [
  { name: 'market', type: 'text', value: (r) => r.candle.market },
  { name: 'base', type: 'text', value: (r) => r.candle.base },
  { name: 'quote', type: 'text', value: (r) => r.candle.quote },
  { name: 'start', type: 'int8', value: (r) => r.candle.start, select: epochMs('start') },
  { name: 'open', type: 'float8', value: (r) => r.candle.open },
  { name: 'high', type: 'float8', value: (r) => r.candle.high },
  { name: 'low', type: 'float8', value: (r) => r.candle.low },
  { name: 'close', type: 'float8', value: (r) => r.candle.close },
  { name: 'volume_from', type: 'float8', value: (r) => r.candle.volumeFrom },
  { name: 'volume_to', type: 'float8', value: (r) => r.candle.volumeTo },
  { name: 'trades', type: 'int8', value: (r) => r.candle.trades },
  { name: 'origin', type: 'text', value: (r) => r.candle.origin },
  { name: 'message_id', type: 'text', value: (r) => r.messageId },
  { name: 'revised_at', type: 'int8', value: (r) => r.revisedAt, select: epochMs('revised_at') },
];

/**
 * `INSERT INTO table (...) SELECT ... FROM unnest($n::type[], ...)`: all rows of a table with one array
 * parameter per column (a handful of parameters, whatever the batch size).
 */
export function insertFromArrays<R>(
  table: string,
  columns: readonly Column<R>[],
  conflict: string,
  firstParameter = 1,
): string {
  const names = columns.map((c) => c.name).join(', ');
  const selects = columns.map((c) => c.select ?? c.name).join(', ');
  const arrays = columns.map((c, i) => `$${i + firstParameter}::${c.type}[]`).join(', ');
  return `INSERT INTO ${table} (${names}) SELECT ${selects} FROM unnest(${arrays}) AS r(${names}) ${conflict}`;
}

/** The array parameters for `insertFromArrays`, one per column. */
export function columnArrays<R>(columns: readonly Column<R>[], rows: readonly R[]): Value[][] {
  return columns.map((column) => {
    const values = new Array<Value>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = column.value(rows[i] as R);
    return values;
  });
}
