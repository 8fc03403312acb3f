/** What an integration test needs to reach the real broker and database of this run. */
export interface TestInfra {
  readonly kafkaBrokers: string[];
  /** Server-level URL: create a database of your own from it (see createDatabase). */
  readonly databaseUrl: string;
}

/**
 * Reads KAFKA_BROKERS and DATABASE_URL, which @mdp/jest-preset's global setup (or
 * scripts/test.mjs) provides. Throws a clear error instead of letting a test hang on
 * a broker that is not there.
 */
export function testInfra(env: NodeJS.ProcessEnv = process.env): TestInfra {
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  const databaseUrl = env.DATABASE_URL?.trim() ?? '';
  const missing = [brokers.length === 0 && 'KAFKA_BROKERS', databaseUrl === '' && 'DATABASE_URL'].filter(
    Boolean,
  );
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(' and ')} not set: integration tests run under @mdp/jest-preset's global setup ` +
        '(jest in a workspace, or npm test at the root), which starts the broker and database.',
    );
  }
  return { kafkaBrokers: brokers, databaseUrl };
}
