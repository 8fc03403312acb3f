import { rollupQuery } from './schema-sql';

const UNITS: readonly [string, number][] = [
  ['days', 86_400_000],
  ['hours', 3_600_000],
  ['minutes', 60_000],
  ['seconds', 1000],
  ['milliseconds', 1],
];

/**
 * A duration as an SQL interval literal in its largest exact unit (`INTERVAL '7 days'`, as
 * TimescaleDB then shows it). Built from a number only: no text from outside reaches the SQL.
 */
export function interval(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`not a duration in ms: ${ms}`);
  const [unit, size] = UNITS.find(([, size]) => ms % size === 0) ?? ['milliseconds', 1];
  return `INTERVAL '${ms / size} ${unit}'`;
}

export type TimescaleSettings = {
  readonly ticksChunkMs: number;
  readonly candlesChunkMs: number;
  readonly compressAfterMs: number;
  /** 0 keeps raw ticks forever. */
  readonly ticksRetentionMs: number;
};

/** Hypertables, created right after their (empty) tables; the old signature works on every 2.x. */
export function hypertables(s: TimescaleSettings): string[] {
  return [
    `SELECT create_hypertable('ticks', 'ts', chunk_time_interval => ${interval(s.ticksChunkMs)})`,
    `SELECT create_hypertable('candles_1m', 'start', chunk_time_interval => ${interval(s.candlesChunkMs)})`,
  ];
}

/** Compression (the columnstore) segmented by pair, newest first inside a segment. */
export const ENABLE_COMPRESSION = [
  `ALTER TABLE ticks SET (timescaledb.compress, timescaledb.compress_segmentby = 'market, base, quote',
     timescaledb.compress_orderby = 'ts DESC, trade_id')`,
  `ALTER TABLE candles_1m SET (timescaledb.compress, timescaledb.compress_segmentby = 'market, base, quote',
     timescaledb.compress_orderby = 'start DESC')`,
];

/** Continuous aggregates with real-time results (materialized part + fresh minutes) and refresh policies. */
export const CONTINUOUS_AGGREGATES = [
  `CREATE MATERIALIZED VIEW candles_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
   ${rollupQuery('1 hour', true)} WITH NO DATA`,
  `SELECT add_continuous_aggregate_policy('candles_1h', start_offset => INTERVAL '2 days',
     end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes')`,
  `CREATE MATERIALIZED VIEW candles_1d WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
   ${rollupQuery('1 day', true)} WITH NO DATA`,
  `SELECT add_continuous_aggregate_policy('candles_1d', start_offset => INTERVAL '7 days',
     end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour')`,
];

/**
 * Settings that follow the configuration: applied at every start (idempotent), so changing
 * TIMESCALE_* takes effect on the next start. Chunk intervals apply to new chunks.
 */
export function policies(s: TimescaleSettings): string[] {
  const statements = [
    `SELECT set_chunk_time_interval('ticks', ${interval(s.ticksChunkMs)})`,
    `SELECT set_chunk_time_interval('candles_1m', ${interval(s.candlesChunkMs)})`,
  ];
  for (const table of ['ticks', 'candles_1m'])
    statements.push(
      `SELECT remove_compression_policy('${table}', if_exists => true)`,
      `SELECT add_compression_policy('${table}', ${interval(s.compressAfterMs)})`,
    );
  statements.push(`SELECT remove_retention_policy('ticks', if_exists => true)`);
  if (s.ticksRetentionMs > 0)
    statements.push(`SELECT add_retention_policy('ticks', ${interval(s.ticksRetentionMs)})`);
  return statements;
}
