export type Row = Record<string, unknown>;
export type QueryResult = { readonly rows: readonly Row[]; readonly count: number };

/**
 * The little SQL surface the sink needs, so the same migrations run on postgres.js (production and
 * integration tests) and on PGlite with TimescaleDB (the in-process test of the TimescaleDB SQL).
 */
export interface SqlSession {
  /** One statement, with `$n` parameters. */
  query(text: string, params?: readonly unknown[]): Promise<QueryResult>;
  /**
   * Sends `chunks` to a `COPY ... FROM STDIN` statement (in the statement's format). postgres.js only reports a
   * refusal of the rows through the transaction's next statement (which then fails with SQLSTATE
   * 25P02), so inside a transaction always run one after it before committing.
   */
  copyIn(statement: string, chunks: readonly Uint8Array[]): Promise<void>;
}

export interface SqlDatabase extends SqlSession {
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}
