import { connect, type Socket } from 'node:net';
import postgres from 'postgres';
import { sqlState } from './db-errors';
import type { SqlDatabase, SqlSession } from './sql';

export type PostgresOptions = {
  readonly url: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly onNotice?: (message: string) => void;
  /** Called when the pool is replaced after a lost connection. */
  readonly onReplaced?: (reason: string) => void;
};

export type PostgresDatabase = SqlDatabase & {
  /** Closes the pool, letting running queries finish for up to `timeoutMs`. */
  close(timeoutMs?: number): Promise<void>;
};

type Parameters = postgres.ParameterOrJSON<never>[];

const isCopyInProgress = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'COPY_IN_PROGRESS';

function session(sql: postgres.Sql | postgres.TransactionSql): SqlSession {
  const query: SqlSession['query'] = async (text, params = []) => {
    for (let attempt = 0; ; attempt++) {
      try {
        // Prepared: the sink runs the same few statements over and over.
        const result = await sql.unsafe(text, params as Parameters, { prepare: true });
        return { rows: result, count: result.count };
      } catch (error) {
        // Right after copyIn the COPY's end message may still be on its way (a tick later).
        if (!isCopyInProgress(error) || attempt >= 100) throw error;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };
  return {
    query,
    copyIn: async (statement, chunks) => {
      const stream = await sql.unsafe(statement).writable();
      // A refusal while the data is still being sent destroys the stream: the write below reports it.
      stream.on('error', () => {});
      const written = chunks.map(
        (chunk) =>
          new Promise<void>((resolve, reject) =>
            stream.write(chunk, (error) => (error ? reject(error) : resolve())),
          ),
      );
      await Promise.all(written);
      // postgres.js 3.4.9 never finishes this stream when the server refuses the rows after the end
      // of the data: the caller learns it from its next statement (25P02), not by waiting here.
      stream.end();
    },
  };
}

/**
 * postgres.js leaves Nagle's algorithm on. A COPY ends with a second small write (CopyDone) right
 * after the data, which then waits for the server's delayed ACK (about 40 ms a batch on Linux): so
 * the sink opens the sockets itself, with TCP_NODELAY (hosts of a multi-host URL in turn).
 */
function noDelaySocket() {
  let next = 0;
  return (o: { host: string[]; port: number[]; path?: string | false }) =>
    new Promise<Socket>((resolve, reject) => {
      const i = next++ % Math.max(1, o.host.length);
      const socket = o.path
        ? connect({ path: o.path })
        : connect({ host: o.host[i] ?? 'localhost', port: o.port[i] ?? o.port[0] ?? 5432 });
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
    });
}

/** Lost or refused connections: no SQLSTATE at all (socket errors), class 08, or a server shutting down. */
export function isConnectionLost(error: unknown): boolean {
  const state = sqlState(error);
  return state === undefined || state.startsWith('08') || /^57P0[123]$/.test(state);
}

/**
 * A postgres.js pool behind the sink's SQL surface. After a lost connection the whole pool is
 * replaced: postgres.js 3.4.9 can leave a connection whose socket died with a stale write timer that
 * never flushes again (porsager/postgres#1208, LanternOps/breeze#3225), so no old connection is reused.
 */
export function createPostgresDatabase(opts: PostgresOptions): PostgresDatabase {
  const open = () =>
    postgres(opts.url, {
      max: opts.poolSize,
      connect_timeout: Math.max(1, Math.ceil(opts.connectTimeoutMs / 1000)),
      idle_timeout: 60,
      onnotice: (notice) => opts.onNotice?.(String(notice.message)),
      connection: { application_name: 'fixed-sink', statement_timeout: opts.statementTimeoutMs },
      // A documented option (README "Custom socket") missing from postgres.js's types.
      ...({ socket: noDelaySocket() } as object),
    });
  let sql = open();
  let closed = false;

  const replaceAfter = (used: postgres.Sql, error: unknown) => {
    if (closed || used !== sql || !isConnectionLost(error)) return;
    sql = open();
    used.end({ timeout: 0 }).catch(() => {});
    opts.onReplaced?.(error instanceof Error ? error.message : String(error));
  };

  const guarded = async <T>(run: (current: postgres.Sql) => Promise<T>): Promise<T> => {
    const current = sql;
    try {
      return await run(current);
    } catch (error) {
      replaceAfter(current, error);
      throw error;
    }
  };

  return {
    query: (text, params) => guarded((current) => session(current).query(text, params)),
    copyIn: (statement, chunks) => guarded((current) => session(current).copyIn(statement, chunks)),
    transaction: (fn) =>
      guarded(
        async (current) => (await current.begin((tx) => fn(session(tx)))) as Awaited<ReturnType<typeof fn>>,
      ),
    close: (timeoutMs = 5000) => {
      closed = true;
      return sql.end({ timeout: Math.ceil(timeoutMs / 1000) });
    },
  };
}
