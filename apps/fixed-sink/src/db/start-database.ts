import { backoffDelay } from '@mdp/runtime/backoff';
import type { Logger } from '@mdp/runtime/logger';
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
  const deadline = Date.now() + opts.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const report = await migrate(db, settings);
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
    } catch (error) {
      const delay = backoffDelay(attempt, { ...opts.retry, jitter: 'equal' });
      if (Date.now() + delay > deadline) throw error;
      opts.logger.warn(
        { error: errorText(error), attempt: attempt + 1, retryInMs: delay },
        'database not ready',
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
