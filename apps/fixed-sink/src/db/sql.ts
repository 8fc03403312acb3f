export type Row = Record<string, unknown>;
export type QueryResult = { readonly rows: readonly Row[]; readonly count: number };

/**
 * The little SQL surface the sink needs, so the same migrations run on postgres.js (production and
 * integration tests) and on PGlite with TimescaleDB (the in-process test of the TimescaleDB SQL).
 */
export interface SqlSession {
  /** One statement, with `$n` parameters. */
  query(text: string, params?: readonly unknown[]): Promise<QueryResult>;
}

export interface SqlDatabase extends SqlSession {
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}
