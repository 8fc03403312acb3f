/** The tables, keyed on natural keys; the same on plain PostgreSQL and TimescaleDB. */

export const CREATE_TICKS = `
CREATE TABLE ticks (
  market         text             NOT NULL,
  base           text             NOT NULL,
  quote          text             NOT NULL,
  ts             timestamptz      NOT NULL,
  trade_id       text             NOT NULL,
  price          double precision NOT NULL,
  last_volume    double precision,
  last_volume_to double precision,
  volume_day     double precision,
  volume_day_to  double precision,
  volume_24h     double precision,
  volume_24h_to  double precision,
  open_day       double precision,
  high_day       double precision,
  low_day        double precision,
  open_24h       double precision,
  high_24h       double precision,
  low_24h        double precision,
  bid            double precision,
  ask            double precision,
  median         double precision,
  flags          bigint,
  origin         text             NOT NULL,
  message_id     text             NOT NULL,
  produced_at    timestamptz      NOT NULL,
  ingested_at    timestamptz      NOT NULL DEFAULT now(),
  -- A tick is identified by pair, update time and trade id: the same update replayed changes nothing.
  PRIMARY KEY (market, base, quote, ts, trade_id)
)`;

export const CREATE_CANDLES_1M = `
CREATE TABLE candles_1m (
  market      text             NOT NULL,
  base        text             NOT NULL,
  quote       text             NOT NULL,
  start       timestamptz      NOT NULL,
  open        double precision NOT NULL,
  high        double precision NOT NULL,
  low         double precision NOT NULL,
  close       double precision NOT NULL,
  volume_from double precision NOT NULL,
  volume_to   double precision NOT NULL,
  trades      bigint,
  origin      text             NOT NULL,
  message_id  text             NOT NULL,
  -- The envelope time of the revision stored: an older revision never overwrites a newer one.
  revised_at  timestamptz      NOT NULL,
  ingested_at timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (market, base, quote, start)
)`;

/** Time indexes (TimescaleDB creates the same ones with each hypertable). */
export const CREATE_TIME_INDEXES = [
  'CREATE INDEX ticks_ts_idx ON ticks (ts DESC)',
  'CREATE INDEX candles_1m_start_idx ON candles_1m (start DESC)',
];

const rollup = (bucket: string, ordered: (column: string) => string) => `
SELECT market, base, quote, ${bucket} AS start,
       ${ordered('open')} AS open, max(high) AS high, min(low) AS low, ${ordered('close')} AS close,
       sum(volume_from) AS volume_from, sum(volume_to) AS volume_to, sum(trades) AS trades,
       count(*)::integer AS minutes
FROM candles_1m
GROUP BY market, base, quote, ${bucket}`;

/** Hourly and daily candles from the minute ones; `first`/`last` are TimescaleDB's, hence the switch. */
export function rollupQuery(interval: '1 hour' | '1 day', timescale: boolean): string {
  if (timescale)
    return rollup(`time_bucket(INTERVAL '${interval}', start)`, (c) =>
      c === 'open' ? `first(${c}, start)` : `last(${c}, start)`,
    );
  const unit = interval === '1 hour' ? 'hour' : 'day';
  return rollup(
    `date_trunc('${unit}', start)`,
    (c) => `(array_agg(${c} ORDER BY start ${c === 'open' ? 'ASC' : 'DESC'}))[1]`,
  );
}
