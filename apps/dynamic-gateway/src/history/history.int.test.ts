import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueNamespace } from '@mdp/runtime/testing';
import { api, KEY_A, KEY_C, type StartedGateway, startGateway } from '../testing/gateway';
import { type HistoryDatabase, historyDatabase, seedCandles, seedTicks } from '../testing/history-db';

const T0 = Date.UTC(2026, 0, 5, 0, 0); // a Monday, midnight UTC
const MIN = 60_000;
let hdb: HistoryDatabase;
let gw: StartedGateway;

type Row = Record<string, number | string | null>;
const get = async (path: string, key = KEY_A) => api(gw, 'GET', path, { key });
const candles = (q: string) => get(`/v1/history/candles?quote=USD&${q}`);

beforeAll(async () => {
  hdb = await historyDatabase('gw_history');
  await seedCandles(hdb.sql, 'BTC', T0, 3 * 1440); // three days
  await seedCandles(hdb.sql, 'ETH', T0, 90);
  await seedTicks(hdb.sql, 'BTC', T0, 1000, 3); // three trades per second
  await seedTicks(hdb.sql, 'ETH', T0 + 5000, 10);
  gw = await startGateway(uniqueNamespace('gwh'), {
    HISTORY_DATABASE_URL: hdb.readerUrl,
    HISTORY_MAX_PAGE_ROWS: '2000',
    HISTORY_RATE_PER_SECOND: '20',
  });
}, 60_000);

afterAll(async () => {
  await gw?.app.stop();
  await hdb?.drop();
}, 30_000);

describe('GET /v1/history/candles', () => {
  it('pages one pair oldest first with a cursor, every minute once', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    const range = `from=${T0}&to=${T0 + 1440 * MIN}`;
    do {
      const after: string = cursor ? `&cursor=${cursor}` : '';
      const r = await candles(`symbols=BTC&interval=1m&order=asc&limit=500&${range}${after}`);
      expect(r.status).toBe(200);
      seen.push(...(r.body.data as Row[]).map((c) => c.start as number));
      cursor = r.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toHaveLength(1440);
    expect(seen[0]).toBe(T0);
    expect(seen.every((s, i) => s === T0 + i * MIN)).toBe(true);
  });

  it('gives the latest candles first, several pairs merged by (start, base) across pages', async () => {
    const first = await candles(`symbols=ETH,BTC&interval=1m&to=${T0 + 90 * MIN}&limit=3`);
    expect(first.status).toBe(200);
    const rows = first.body.data as Row[];
    expect(rows.map((c) => [c.start, c.base])).toEqual([
      [T0 + 89 * MIN, 'ETH'],
      [T0 + 89 * MIN, 'BTC'],
      [T0 + 88 * MIN, 'ETH'],
    ]);
    expect(rows[0]).toMatchObject({
      market: 'CCCAGG',
      quote: 'USD',
      open: 88.5,
      close: 89,
      high: 90,
      low: 88,
    });
    const next = await candles(
      `symbols=ETH,BTC&interval=1m&to=${T0 + 90 * MIN}&limit=3&cursor=${first.body.nextCursor}`,
    );
    expect((next.body.data as Row[]).map((c) => [c.start, c.base])).toEqual([
      [T0 + 88 * MIN, 'BTC'],
      [T0 + 87 * MIN, 'ETH'],
      [T0 + 87 * MIN, 'BTC'],
    ]);
  });

  it.each([
    ['5m', 5],
    ['15m', 15],
    ['1h', 60],
    ['1d', 1440],
  ])('rolls minutes up into %s candles', async (interval, n) => {
    const r = await candles(`symbols=BTC&interval=${interval}&order=asc&limit=2&from=${T0}`);
    expect(r.status).toBe(200);
    const [a, b] = r.body.data as Row[];
    expect(a).toMatchObject({
      start: T0,
      open: -0.5,
      close: n - 1,
      high: n,
      low: -1,
      volumeFrom: n,
      volumeTo: 10 * n,
    });
    expect(b).toMatchObject({ start: T0 + n * MIN, open: n - 0.5, close: 2 * n - 1 });
  });

  it('answers CSV when asked, with the next cursor in a header', async () => {
    const res = await fetch(
      `${gw.base}/v1/history/candles?quote=USD&symbols=BTC&interval=1h&order=asc&limit=2&from=${T0}`,
      {
        headers: { authorization: `Bearer ${KEY_A}`, accept: 'text/csv' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('x-next-cursor')).toBeTruthy();
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('market,base,quote,start,open,high,low,close,volumeFrom,volumeTo,trades');
    expect(lines[1]).toBe(`CCCAGG,BTC,USD,${T0},-0.5,60,-1,59,60,600,120`);
    expect(lines).toHaveLength(3);
  });

  it.each([
    ['interval=2m&symbols=BTC', 'invalid_query'],
    ['interval=1m&symbols=BTC&from=2000&to=1000', 'invalid_range'],
    [`interval=1m&symbols=BTC&from=${T0 + MIN}&to=${T0}`, 'invalid_range'],
    ['interval=1m&symbols=BTC&to=4102444800000', 'invalid_range'],
    ['interval=1m&symbols=NOPE', 'unknown_pair'],
    ['interval=1m&symbols=BTC&limit=2001', 'invalid_limit'],
    ['interval=1m&symbols=BTC&cursor=garbage', 'invalid_cursor'],
    ['interval=1m&symbols=BTC&colour=red', 'invalid_query'],
    ['interval=1m&symbols=BTC,b@d', 'invalid_query'],
  ])('refuses %s with 400 %s', async (q, code) => {
    const r = await candles(q);
    expect(r.status).toBe(400);
    expect((r.body.error as { code: string }).code).toBe(code);
    expect(JSON.stringify(r.body)).not.toContain('b@d');
  });

  it('needs an API key like the rest of /v1', async () => {
    const r = await api(gw, 'GET', '/v1/history/candles?quote=USD&symbols=BTC&interval=1m', { key: null });
    expect(r.status).toBe(401);
  });
});

describe('GET /v1/history/ticks', () => {
  it('pages ticks newest first, trades sharing a millisecond neither lost nor repeated', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${cursor}` : '';
      const r = await get(`/v1/history/ticks?quote=USD&symbols=BTC&limit=7&to=${T0 + 10_000}${after}`);
      expect(r.status).toBe(200);
      ids.push(...(r.body.data as Row[]).map((t) => t.tradeId as string));
      cursor = r.body.nextCursor as string | null;
    } while (cursor);
    expect(ids).toHaveLength(30); // ten seconds, three trades each
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(ids).size).toBe(30);
  });

  it('gives the latest tick of each pair of a spec', async () => {
    const r = await get('/v1/history/ticks/latest?quote=USD&symbols=eth,BTC');
    expect(r.status).toBe(200);
    const rows = r.body.data as Row[];
    expect(rows.map((t) => [t.base, t.tradeId, t.price])).toEqual([
      ['BTC', 't00000999', 999],
      ['ETH', 't00000009', 9],
    ]);
    expect(rows[1]?.ts).toBe(T0 + 5000 + 9000);
  });

  it('refuses two pairs for a tick page and an unknown pair', async () => {
    expect((await get('/v1/history/ticks?quote=USD&symbols=BTC,ETH')).status).toBe(400);
    const r = await get('/v1/history/ticks/latest?quote=USD&symbols=BTC,DOGE');
    expect(r.body).toEqual({ error: { code: 'unknown_pair', message: expect.any(String) } });
  });
});

describe('limits', () => {
  it('rate-limits one app without touching another', async () => {
    // 20/s with a burst of 40: requests one after another outrun the refill well before 300.
    let refused: Awaited<ReturnType<typeof get>> | undefined;
    for (let i = 0; i < 300 && !refused; i++) {
      const r = await get('/v1/history/ticks/latest?quote=USD&symbols=BTC', KEY_C);
      if (r.status === 429) refused = r;
      else expect(r.status).toBe(200);
    }
    expect(refused?.body).toEqual({
      error: { code: 'rate_limited', message: expect.any(String), retryAfterMs: expect.any(Number) },
    });
    expect((await get('/v1/history/ticks/latest?quote=USD&symbols=BTC')).status).toBe(200);
  });

  it('shows the history database in readiness', async () => {
    const r = await fetch(`${gw.base}/readyz`);
    const body = (await r.json()) as { checks: { history: { ok: boolean } } };
    expect(body.checks.history).toEqual({ ok: true });
  });
});

describe('the README examples', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/'http:\/\/localhost:8080(\/v1\/history[^']+)'/g)].map(
    (m) => m[1] as string,
  );

  it.each(examples)('answers %s with data', async (path) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect((r.body.data as Row[]).length).toBeGreaterThan(0);
  });

  it('has examples', () => expect(examples.length).toBeGreaterThanOrEqual(3));
});
