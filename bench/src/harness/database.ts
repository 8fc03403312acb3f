import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '@mdp/local-infra/postgres';
import postgres from 'postgres';

export type BenchDatabase = { name: string; url: string; sql: postgres.Sql; drop(): Promise<void> };

/** A fresh database for one benchmark (dropped afterwards), with a small pool for the runner's queries. */
export async function createBenchDatabase(serverUrl: string, label: string): Promise<BenchDatabase> {
  const name = `bench_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
  const url = await createDatabase(serverUrl, name);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    name,
    url,
    sql,
    drop: async () => {
      await sql.end({ timeout: 5 });
      await dropDatabase(serverUrl, name);
    },
  };
}
