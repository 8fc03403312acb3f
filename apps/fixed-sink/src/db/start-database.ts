import type { Logger } from '@mdp/runtime/logger';
import { retry } from '@mdp/runtime/retry';
import { errorText } from './db-errors';
import { type MigrationReport, migrate } from './migrate';
import type { SqlDatabase } from './sql';
import type { TimescaleSettings } from './timescale-sql';

/**
 * Migrates at start, retrying (with backoff) a database that does not answer yet for up to
 * `timeoutMs`; then says plainly whether TimescaleDB is in use.
 */
export async function startDatabase(
  db: SqlDatabase,
  settings: TimescaleSettings,
  opts: { logger: Logger; timeoutMs: number; retry: { baseMs: number; maxMs: number } },
): Promise<MigrationReport> {
  const report = await retry(() => migrate(db, settings), {
    backoff: opts.retry,
    withinMs: opts.timeoutMs,
    onRetry: ({ error, attempt, delayMs }) =>
      opts.logger.warn({ error: errorText(error), attempt, retryInMs: delayMs }, 'database not ready'),
  });
  const { timescale, variant, applied, version } = report;
  const migrations = { applied: applied.map((m) => m.version), version, variant };
  if (timescale.enabled && variant === 'timescaledb')
    opts.logger.info(
      { ...migrations, timescaledb: timescale.version },
      'TimescaleDB found: hypertables, compression, retention and continuous aggregates in use',
    );
  else if (timescale.enabled)
    opts.logger.warn(
      { ...migrations, timescaledb: timescale.version },
      'TimescaleDB found, but the schema was created without it: plain tables kept',
    );
  else
    opts.logger.warn(
      { ...migrations, reason: timescale.reason },
      `TimescaleDB not found (${timescale.reason}): plain PostgreSQL tables with the same keys and time indexes; candles_1h/candles_1d are views`,
    );
  return report;
}
