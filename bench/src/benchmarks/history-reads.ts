import { migrate } from '@mdp/fixed-sink/db/migrate';
import { createPostgresDatabase } from '@mdp/fixed-sink/db/postgres-database';
import type { Benchmark } from '../harness/benchmark';
import { createBenchDatabase } from '../harness/database';
import { httpRequest } from '../harness/http';
import { benchNamespace } from '../harness/kafka';
import { BENCH_API_KEY, startPlatform } from '../harness/platform';
import { check, figure } from '../harness/result';
import { ratio, summarize } from '../harness/stats';
import { startCandleFlow } from './snapshot-first-live';

const DAY_MS = 86_400_000;
const PAIRS = 100;
const T0 = Date.UTC(2026, 0, 1);

/** Fills the sink's tables straight in SQL (the sink's own speed is benchmark 1). */
async function seed(sql: import('postgres').Sql, ticks: number, candles: number) {
  const perPairCandles = Math.ceil(candles / PAIRS);
  const perPairTicks = Math.ceil(ticks / PAIRS);
  for (let p = 0; p < PAIRS; p++) {
    await sql.unsafe(
      `INSERT INTO candles_1m (market, base, quote, start, open, high, low, close, volume_from, volume_to, trades,
         origin, message_id, revised_at)
       SELECT 'CCCAGG', $1, 'USD', to_timestamp(($2::bigint + i * 60000) / 1000.0), i, i + 1, i - 1, i, 1, 10, 2,
         'bench', 'm', now()
       FROM generate_series(0, $3::int - 1) AS i`,
      [`P${p}`, T0, perPairCandles],
    );
    // A tick every 250 ms per pair, from the same start.
    await sql.unsafe(
      `INSERT INTO ticks (market, base, quote, ts, trade_id, price, origin, message_id, produced_at)
       SELECT 'CCCAGG', $1, 'USD', to_timestamp(($2::bigint + i * 250) / 1000.0), i::text, i, 'bench', 'm', now()
       FROM generate_series(0, $3::int - 1) AS i`,
      [`P${p}`, T0, perPairTicks],
    );
  }
  await sql.unsafe('ANALYZE');
}

/**
 * 6. History reads: the gateway's `/v1/history/candles` for one pair's day of minute candles (1,440
 * rows) over tables of N ticks and M minute candles (100 pairs), sequentially and with 100 concurrent
 * clients. Baseline: the same page read with the same SQL straight from postgres.js.
 */
export const historyReads: Benchmark = {
  name: 'history-reads',
  title: '6. History reads (day of minute candles through the gateway)',
  async run(ctx) {
    const smoke = ctx.mode === 'smoke';
    const ticks = smoke ? 100_000 : 10_000_000;
    const candles = smoke ? 50_000 : 1_000_000;
    const requests = smoke ? 100 : 1000;
    const db = await createBenchDatabase(ctx.databaseUrl, 'history');
    try {
      const owner = createPostgresDatabase({
        url: db.url,
        poolSize: 1,
        connectTimeoutMs: 5000,
        statementTimeoutMs: 0,
      });
      await migrate(owner, {
        ticksChunkMs: DAY_MS,
        candlesChunkMs: 7 * DAY_MS,
        compressAfterMs: 7 * DAY_MS,
        ticksRetentionMs: 0,
      });
      await owner.close();
      ctx.log(`seeding ${ticks} ticks and ${candles} minute candles`);
      await seed(db.sql, ticks, candles);
      const platform = await startPlatform(ctx, {
        namespace: benchNamespace('history'),
        services: ['coordinator', 'dynamic-gateway'],
        env: {
          coordinator: { QUOTA_ALLOWED_KINDS: 'ticks,candles.1m' },
          'dynamic-gateway': { HISTORY_DATABASE_URL: db.url, HISTORY_RATE_PER_SECOND: '100000' },
        },
      });
      const days = Math.floor(((candles / PAIRS) * 60_000) / DAY_MS);
      const path = (i: number) => {
        const from = T0 + (i % Math.max(1, days)) * DAY_MS;
        return `/v1/history/candles?symbols=P${i % PAIRS}&quote=USD&interval=1m&order=asc&limit=1440&from=${from}&to=${from + DAY_MS}`;
      };
      const base = platform.get('dynamic-gateway').baseUrl;
      const timed = async (i: number) => {
        const started = performance.now();
        const r = await httpRequest(`${base}${path(i)}`, {
          headers: { authorization: `Bearer ${BENCH_API_KEY}` },
        });
        if (r.status !== 200) throw new Error(`history answered ${r.status}: ${r.body.slice(0, 200)}`);
        return performance.now() - started;
      };
      ctx.log('a candles.1m topic with revisions flowing, one live SSE reader');
      const flow = await startCandleFlow(ctx.brokers, base, 'P0');
      flow.phase = 'idle';
      await new Promise((r) => setTimeout(r, smoke ? 2000 : 10_000));
      flow.phase = 'history';
      const sequential: number[] = [];
      for (let i = 0; i < requests; i++) sequential.push(await timed(i));
      const concurrent: number[] = [];
      const concurrentStarted = performance.now();
      await Promise.all(
        Array.from({ length: 100 }, async (_, c) => {
          for (let i = 0; i < requests / 10; i++) concurrent.push(await timed(c * 1000 + i));
        }),
      );
      const concurrentSeconds = (performance.now() - concurrentStarted) / 1000;
      flow.phase = '';
      ctx.log('streams with a 200-candle snapshot, candles flowing on the topic');
      const firstLive = summarize(await flow.snapshotStreams(smoke ? 10 : 100));
      await flow.stop();
      const liveIdle = summarize(flow.lags.get('idle') ?? []);
      const liveUnderHistory = summarize(flow.lags.get('history') ?? []);
      await platform.stop();
      const direct: number[] = [];
      for (let i = 0; i < requests; i++) {
        const started = performance.now();
        const from = T0 + (i % Math.max(1, days)) * DAY_MS;
        await db.sql`SELECT start, open, high, low, close, volume_from, volume_to, trades FROM candles_1m
          WHERE market = 'CCCAGG' AND base = ${`P${i % PAIRS}`} AND quote = 'USD'
            AND start >= ${new Date(from)} AND start < ${new Date(from + DAY_MS)} ORDER BY start LIMIT 1440`;
        direct.push(performance.now() - started);
      }
      const seq = summarize(sequential);
      const conc = summarize(concurrent);
      const baseSeq = summarize(direct);
      return {
        figures: [
          figure('dayP50', 'day of 1m candles, sequential p50', seq.p50, 'ms'),
          figure('dayP99', 'day of 1m candles, sequential p99', seq.p99, 'ms'),
          figure('concurrentP99', '100 concurrent clients p99', conc.p99, 'ms'),
          figure(
            'snapshotFirstLiveP50',
            'SSE with 200-candle snapshot -> first live message p50',
            firstLive.p50,
            'ms',
          ),
          figure(
            'snapshotFirstLiveP99',
            'SSE with 200-candle snapshot -> first live message p99',
            firstLive.p99,
            'ms',
          ),
          figure('liveIdleP99', 'live SSE delay, no history load, p99', liveIdle.p99, 'ms'),
          figure(
            'liveUnderHistoryP99',
            'live SSE delay during the history phases, p99',
            liveUnderHistory.p99,
            'ms',
          ),
          figure(
            'concurrentRate',
            '100 concurrent clients, pages/s',
            concurrent.length / concurrentSeconds,
            'pages/s',
          ),
        ],
        baseline: {
          description: 'the same page with postgres.js straight from the database',
          figures: [
            figure('dayP50', 'day of 1m candles p50', baseSeq.p50, 'ms'),
            figure('dayP99', 'day of 1m candles p99', baseSeq.p99, 'ms'),
          ],
        },
        ratios: [
          {
            key: 'liveUnderHistoryP99',
            label: 'live delay p99 during history / without',
            value: ratio(liveUnderHistory.p99, liveIdle.p99),
            better: 'lower',
          },
          {
            key: 'dayP99',
            label: 'p99 gateway / direct',
            value: ratio(seq.p99, baseSeq.p99),
            better: 'lower',
          },
        ],
        targets: [
          check('one pair’s day of minute candles p99 < 20 ms', seq.p99, (v) => v < 20),
          check('200-candle snapshot -> first live message p99 < 300 ms', firstLive.p99, (v) => v < 300),
          check(
            'live delivery not slowed by history clients (p99 within 1.5 × the idle p99)',
            ratio(liveUnderHistory.p99, liveIdle.p99),
            (v) => v <= 1.5,
          ),
        ],
        parameters: { ticks, candles, pairs: PAIRS, requests, concurrentClients: 100 },
        notes: ['Live delay: envelope time to SSE arrival, one reader of a topic with 10 revisions/s.'],
      };
    } finally {
      await db.drop();
    }
  },
};
