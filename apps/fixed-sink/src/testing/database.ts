import { createDatabase, dropDatabase } from '@mdp/local-infra/postgres';
import { testInfra } from '@mdp/local-infra/test-env';
import { uniqueName } from '@mdp/local-infra/unique-name';
import { createPostgresDatabase, type PostgresDatabase } from '../db/postgres-database';

/** A database of this test file's own on the run's PostgreSQL; `drop()` removes it. */
export async function scratchDatabase(prefix: string): Promise<{
  name: string;
  url: string;
  serverUrl: string;
  connect(poolSize?: number): PostgresDatabase;
  drop(): Promise<void>;
}> {
  const serverUrl = testInfra().databaseUrl;
  const name = uniqueName(prefix);
  const url = await createDatabase(serverUrl, name);
  return {
    name,
    url,
    serverUrl,
    connect: (poolSize = 2) =>
      createPostgresDatabase({ url, poolSize, connectTimeoutMs: 5000, statementTimeoutMs: 30_000 }),
    drop: () => dropDatabase(serverUrl, name),
  };
}
