import { readdirSync } from 'node:fs';
import postgres from 'postgres';
import { type Progress, stderrProgress } from './progress';
import { runCommand, tailLines } from './run-command';

/** The machine's own PostgreSQL (trust auth): the server-level URL tests create databases from. */
export const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function connect(url: string) {
  // One short-lived connection; notices ("does not exist, skipping") are not news.
  return postgres(url, { max: 1, connect_timeout: 3, idle_timeout: 1, onnotice: () => {} });
}

/** One quick `select 1`. Never throws. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const sql = connect(url);
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** The newest PostgreSQL major with a Debian cluster config (the folder names are versions). */
function newestClusterVersion(): string | undefined {
  try {
    return readdirSync('/etc/postgresql')
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .at(-1);
  } catch {
    return undefined;
  }
}

/** Makes sure the local PostgreSQL answers, starting its cluster (Debian's pg_ctlcluster) if needed. */
export async function ensureLocalPostgres(
  url: string = LOCAL_DATABASE_URL,
  progress: Progress = stderrProgress,
  timeoutMs = 30_000,
): Promise<string> {
  if (await postgresAnswers(url)) return url;
  const version = newestClusterVersion();
  if (version === undefined) {
    throw new Error(
      `PostgreSQL does not answer at ${url}, and there is no Debian cluster in /etc/postgresql to start`,
    );
  }
  progress(`PostgreSQL not answering at ${url}: starting cluster ${version}/main`);
  const args = ['--skip-systemctl-redirect', version, 'main', 'start'];
  const result = await runCommand('pg_ctlcluster', args);
  // Exit 2 means "already running": then it only needs a moment longer.
  if (result.code !== 0 && result.code !== 2) {
    throw new Error(
      `pg_ctlcluster ${args.join(' ')} failed (exit ${result.code}):\n${tailLines(result.output, 20)}`,
    );
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await postgresAnswers(url)) return url;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`PostgreSQL still does not answer at ${url} ${timeoutMs} ms after starting it`);
}

/** The same server URL pointed at another database. */
export function databaseUrlFor(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(
      `database name must match ${DATABASE_NAME} (lowercase, digits, _), got ${JSON.stringify(name)}`,
    );
  }
}

/** Creates a database (e.g. one per test file) and returns its URL. */
export async function createDatabase(baseUrl: string, name: string): Promise<string> {
  assertDatabaseName(name);
  const sql = connect(baseUrl);
  try {
    await sql`create database ${sql(name)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  return databaseUrlFor(baseUrl, name);
}

/** Drops a database even when connections are still open (PostgreSQL 13+). Missing is fine. */
export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  const sql = connect(baseUrl);
  try {
    await sql`drop database if exists ${sql(name)} with (force)`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
