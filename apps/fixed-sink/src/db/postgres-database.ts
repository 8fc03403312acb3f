import postgres from 'postgres';
import type { SqlDatabase, SqlSession } from './sql';

export type PostgresOptions = {
  readonly url: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly onNotice?: (message: string) => void;
};

export type PostgresDatabase = SqlDatabase & {
  readonly sql: postgres.Sql;
  /** Closes the pool, letting running queries finish for up to `timeoutMs`. */
  close(timeoutMs?: number): Promise<void>;
};

type Parameters = postgres.ParameterOrJSON<never>[];

function session(sql: postgres.Sql | postgres.TransactionSql): SqlSession {
  return {
    query: async (text, params = []) => {
      // Prepared: the sink runs the same few statements over and over.
      const result = await sql.unsafe(text, params as Parameters, { prepare: true });
      return { rows: result, count: result.count };
    },
  };
}

/** A postgres.js pool behind the sink's SQL surface. */
export function createPostgresDatabase(opts: PostgresOptions): PostgresDatabase {
  const sql = postgres(opts.url, {
    max: opts.poolSize,
    connect_timeout: Math.max(1, Math.ceil(opts.connectTimeoutMs / 1000)),
    idle_timeout: 60,
    onnotice: (notice) => opts.onNotice?.(String(notice.message)),
    connection: { application_name: 'fixed-sink', statement_timeout: opts.statementTimeoutMs },
  });
  return {
    sql,
    ...session(sql),
    transaction: async (fn) => (await sql.begin((tx) => fn(session(tx)))) as Awaited<ReturnType<typeof fn>>,
    close: (timeoutMs = 5000) => sql.end({ timeout: Math.ceil(timeoutMs / 1000) }),
  };
}
