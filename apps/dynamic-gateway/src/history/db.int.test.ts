import { createLogger } from '@mdp/runtime/logger';
import { uniqueNamespace } from '@mdp/runtime/testing';
import { api, type StartedGateway, startGateway } from '../testing/gateway';
import { type HistoryDatabase, historyDatabase, seedCandles, seedTicks } from '../testing/history-db';
import { createHistoryDb } from './db';
import { candlePageSql, tickPageSql } from './queries';

const T0 = Date.UTC(2026, 0, 5);
const logger = createLogger({ service: 'test', level: 'silent' });
let hdb: HistoryDatabase;

beforeAll(async () => {
  hdb = await historyDatabase('gw_history_db');
  // Enough rows over enough pairs that a sequential scan would be the planner's choice for a bad query.
  for (const base of ['BTC', 'ETH', 'SOL', 'ADA', 'XRP', 'DOT', 'LTC', 'BCH']) {
    await seedTicks(hdb.sql, base, T0, 25_000);
    await seedCandles(hdb.sql, base, T0, 10_000);
  }
  await hdb.sql.unsafe('ANALYZE');
}, 120_000);

afterAll(async () => {
  await hdb?.drop();
}, 30_000);

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };
const scans = (n: PlanNode): string[] => [
  ...(n['Relation Name'] ? [`${n['Node Type']} ${n['Relation Name']}`] : []),
  ...(n.Plans ?? []).flatMap(scans),
];
const iso = (ms: number) => new Date(ms).toISOString();

async function planOf(text: string, params: unknown[]): Promise<string[]> {
  const rows = await hdb.sql.unsafe(`EXPLAIN (FORMAT JSON) ${text}`, params as never[]);
  const [first] = rows as unknown as [{ 'QUERY PLAN': [{ Plan: PlanNode }] }];
  return scans(first['QUERY PLAN'][0].Plan);
}

describe('query plans', () => {
  it('reads one pair and a range of ticks through an index, never a sequential scan', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const used = await planOf(tickPageSql(order), [
        'CCCAGG',
        'BTC',
        'USD',
        iso(T0 + 3_600_000),
        iso(T0 + 7_200_000),
        null,
        '',
        500,
      ]);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
      expect(used.some((s) => /Index( Only)? Scan ticks/.test(s))).toBe(true);
    }
  });

  it.each(['1m', '5m', '1h'] as const)(
    'reads %s candles of a pair and a range through an index',
    async (interval) => {
      const bound = [
        iso(T0 + 86_400_000),
        iso(T0 + 86_400_000),
        iso(T0 + 2 * 86_400_000),
        iso(T0 + 2 * 86_400_000),
      ];
      const used = await planOf(candlePageSql(interval, 'desc'), [
        'CCCAGG',
        ['BTC'],
        'USD',
        ...bound,
        '',
        1440,
      ]);
      expect(used.filter((s) => s.startsWith('Seq Scan candles_1m'))).toEqual([]);
      // Index, index-only or bitmap (index-driven) scans; the view's grouping may pick a bitmap.
      expect(used.some((s) => /(Index( Only)?|Bitmap Heap) Scan candles_1m/.test(s))).toBe(true);
    },
  );
});

describe('the history connection', () => {
  it('cannot write, even with a role that could', async () => {
    const db = createHistoryDb({ url: hdb.url, poolSize: 1, statementTimeoutMs: 5000, logger });
    try {
      await expect(db.query(`DELETE FROM ticks WHERE base = 'BTC'`, [])).rejects.toMatchObject({
        status: 503,
      });
      const [row] = await hdb.sql`SELECT count(*)::int AS n FROM ticks WHERE base = 'BTC'`;
      expect(row?.n).toBe(25_000);
    } finally {
      await db.close();
    }
  });

  it('ends a query beyond the statement timeout with 503 history_timeout', async () => {
    const db = createHistoryDb({ url: hdb.readerUrl, poolSize: 1, statementTimeoutMs: 300, logger });
    try {
      await expect(db.query('SELECT pg_sleep(3)', [])).rejects.toMatchObject({
        status: 503,
        code: 'history_timeout',
      });
    } finally {
      await db.close();
    }
  });
});

describe('without the database', () => {
  let gw: StartedGateway;
  beforeAll(async () => {
    gw = await startGateway(uniqueNamespace('gwhd'), {
      HISTORY_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
  }, 60_000);
  afterAll(async () => {
    await gw?.app.stop();
  }, 30_000);

  it('answers history with 503 and a reason, stays ready for live streams', async () => {
    const r = await api(gw, 'GET', '/v1/history/ticks/latest?quote=USD&symbols=BTC');
    expect(r).toEqual({
      status: 503,
      body: { error: { code: 'history_unavailable', message: 'the history database is unreachable' } },
    });
    const ready = await fetch(`${gw.base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: { history: { ok: boolean; reason: string } } };
    expect(body.checks.history).toEqual({ ok: false, reason: expect.any(String) });
    expect((await api(gw, 'GET', '/v1/topics')).status).toBe(200);
  });
});
