import { CREATE_CANDLES_1M, CREATE_TICKS, CREATE_TIME_INDEXES, rollupQuery } from './schema-sql';
import { CREATE_SINK_OFFSETS } from './sink-offsets';
import {
  CONTINUOUS_AGGREGATES,
  ENABLE_COMPRESSION,
  hypertables,
  type TimescaleSettings,
} from './timescale-sql';

export type MigrationTarget = { readonly timescale: boolean; readonly settings: TimescaleSettings };

/** A schema version: its statements run in one transaction, in order, once. Never edit a released one. */
export type Migration = {
  readonly version: number;
  readonly name: string;
  readonly statements: (target: MigrationTarget) => readonly string[];
};

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ticks and one-minute candles',
    statements: ({ timescale, settings }) => [
      CREATE_TICKS,
      CREATE_CANDLES_1M,
      ...(timescale ? hypertables(settings) : CREATE_TIME_INDEXES),
    ],
  },
  {
    version: 2,
    name: 'compression and hourly/daily candles',
    statements: ({ timescale }) =>
      timescale
        ? [...ENABLE_COMPRESSION, ...CONTINUOUS_AGGREGATES]
        : [
            // Plain PostgreSQL: the same names, computed on read.
            `CREATE VIEW candles_1h AS ${rollupQuery('1 hour', false)}`,
            `CREATE VIEW candles_1d AS ${rollupQuery('1 day', false)}`,
          ],
  },
  {
    version: 3,
    name: 'consumed offsets stored with the rows',
    statements: () => [CREATE_SINK_OFFSETS],
  },
];
