import type { Logger } from '@mdp/runtime/logger';
import postgres from 'postgres';
import { ApiError } from '../http/api-error';
import { PING_SQL } from './queries';

export type HistoryDbOptions = {
  url: string | undefined;
  poolSize: number;
  statementTimeoutMs: number;
  logger: Logger;
};

export type HistoryStatus = { ok: boolean; reason?: string };

export type HistoryDb = {
  query(text: string, params: readonly unknown[]): Promise<readonly Record<string, unknown>[]>;
  /** A `SELECT 1` within `timeoutMs`; the last outcome is what readiness shows. */
  probe(timeoutMs: number): Promise<HistoryStatus>;
  close(): Promise<void>;
};

type Row = Record<string, unknown>;

function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('severity' in error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Lost or refused connections: no SQLSTATE (socket errors), class 08, or a server shutting down. */
const connectionLost = (state: string | undefined) =>
  state === undefined || state.startsWith('08') || /^57P0[123]$/.test(state);

/** The database's failure as the application sees it: 503 with a reason, never the SQL or the URL. */
function toHistoryError(error: unknown): ApiError {
  const state = sqlState(error);
  if (state === '57014') return new ApiError(503, 'history_timeout', 'the history query took too long');
  if (connectionLost(state))
    return new ApiError(503, 'history_unavailable', 'the history database is unreachable');
  return new ApiError(503, 'history_unavailable', `the history database refused the query (${state})`);
}

/**
 * A read-only postgres.js pool for history: every session is `default_transaction_read_only` (even a
 * role that could write cannot through the gateway), has a statement timeout, and works in UTC (daily
 * buckets). After a lost connection the pool is replaced (a postgres.js 3.4.9 connection whose socket
 * died can stay stuck; the fixed-sink does the same).
 */
export function createHistoryDb(opts: HistoryDbOptions): HistoryDb {
  const url = opts.url;
  const open = (u: string) =>
    postgres(u, {
      max: opts.poolSize,
      connect_timeout: 2,
      idle_timeout: 60,
      onnotice: () => {},
      connection: {
        application_name: 'dynamic-gateway-history',
        statement_timeout: opts.statementTimeoutMs,
        default_transaction_read_only: true,
        TimeZone: 'UTC',
      },
    });
  let sql = url ? open(url) : undefined;
  let last: HistoryStatus = url ? { ok: true } : { ok: false, reason: 'HISTORY_DATABASE_URL is not set' };
  const logger = opts.logger.child({ component: 'history-db' });

  const query = async (text: string, params: readonly unknown[]): Promise<readonly Row[]> => {
    const used = sql;
    if (!used || !url)
      throw new ApiError(503, 'history_disabled', 'history is not configured on this gateway');
    try {
      const rows = await used.unsafe<Row[]>(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      });
      last = { ok: true };
      return rows;
    } catch (e) {
      const state = sqlState(e);
      if (connectionLost(state)) {
        last = { ok: false, reason: 'database unreachable' };
        if (used === sql) {
          sql = open(url);
          used.end({ timeout: 0 }).catch(() => {});
        }
      }
      logger.warn(
        { sqlState: state, err: e instanceof Error ? e.message : String(e) },
        'history query failed',
      );
      throw toHistoryError(e);
    }
  };

  return {
    query,
    async probe(timeoutMs) {
      if (!url) return last;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ApiError(503, 'history_unavailable', 'no answer')), timeoutMs);
      });
      try {
        await Promise.race([query(PING_SQL, []), late]);
      } catch (e) {
        last = { ok: false, reason: e instanceof ApiError ? e.message : 'database unreachable' };
      } finally {
        clearTimeout(timer);
      }
      return last;
    },
    async close() {
      await sql?.end({ timeout: 2 });
      sql = undefined;
    },
  };
}
