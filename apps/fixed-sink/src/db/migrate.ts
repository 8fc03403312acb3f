import { errorText } from './db-errors';
import { MIGRATIONS, type Migration } from './migrations';
import type { SqlDatabase, SqlSession } from './sql';
import { policies, type TimescaleSettings } from './timescale-sql';

export type TimescaleStatus =
  | { readonly enabled: true; readonly version: string }
  | { readonly enabled: false; readonly reason: string };

export type MigrationReport = {
  readonly timescale: TimescaleStatus;
  /** The schema was created for TimescaleDB (hypertables) or plain PostgreSQL. */
  readonly variant: 'timescaledb' | 'postgresql';
  readonly applied: readonly { version: number; name: string }[];
  readonly version: number;
};

/** Held for the whole migration transaction: replicas starting together apply each version once. */
const LOCK = `SELECT pg_advisory_xact_lock(hashtext('mdp.fixed-sink.schema'))`;

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer     PRIMARY KEY,
  name       text        NOT NULL,
  variant    text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Uses TimescaleDB when installed, or installs it when the server offers it; says why not otherwise. */
export async function ensureTimescale(tx: SqlSession): Promise<TimescaleStatus> {
  const installedVersion = async () =>
    (await tx.query(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`)).rows[0]?.extversion;
  const installed = await installedVersion();
  if (installed) return { enabled: true, version: String(installed) };
  const offered = await tx.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  if (offered.rows.length === 0)
    return { enabled: false, reason: 'timescaledb is not in pg_available_extensions' };
  await tx.query('SAVEPOINT timescaledb');
  try {
    await tx.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    await tx.query('RELEASE SAVEPOINT timescaledb');
  } catch (error) {
    // Offered but not loadable (typically missing from shared_preload_libraries): go on without it.
    await tx.query('ROLLBACK TO SAVEPOINT timescaledb');
    return { enabled: false, reason: `CREATE EXTENSION timescaledb failed: ${errorText(error)}` };
  }
  return { enabled: true, version: String((await installedVersion()) ?? 'unknown') };
}

/**
 * Applies the pending migrations in one transaction under an advisory lock, records each in
 * schema_migrations, then (re)applies the TimescaleDB policies that follow the configuration.
 */
export async function migrate(
  db: SqlDatabase,
  settings: TimescaleSettings,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    await tx.query(LOCK);
    await tx.query(CREATE_LEDGER);
    const timescale = await ensureTimescale(tx);
    const ledger = (await tx.query('SELECT version, variant FROM schema_migrations ORDER BY version')).rows;
    const done = new Set(ledger.map((row) => Number(row.version)));
    // A schema created without TimescaleDB stays plain even if the extension appears later.
    const first = ledger[0]?.variant;
    const variant = first === 'postgresql' || (!first && !timescale.enabled) ? 'postgresql' : 'timescaledb';
    const applied: { version: number; name: string }[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements({ timescale: variant === 'timescaledb', settings }))
        await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, variant) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        variant,
      ]);
      applied.push({ version: migration.version, name: migration.name });
    }
    if (variant === 'timescaledb') for (const statement of policies(settings)) await tx.query(statement);
    const version = Math.max(0, ...done, ...applied.map((m) => m.version));
    return { timescale, variant, applied, version };
  });
}
