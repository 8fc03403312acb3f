import { topicNames } from '@mdp/contracts/topic-names';
import { pairList, simulatorBases } from '../data/live-pairs';
import type { Benchmark } from '../harness/benchmark';
import { startFleet } from '../harness/client-fleet';
import { watchCommits } from '../harness/commit-watch';
import { createBenchDatabase } from '../harness/database';
import { benchNamespace, cleanNamespace, createTopics } from '../harness/kafka';
import { BENCH_API_KEY, startPlatform } from '../harness/platform';
import { check, type Figure, figure } from '../harness/result';
import type { RunContext } from '../harness/run-context';
import { producerEnvFor, startSimulator } from '../harness/simulator-process';
import { ratio, summarizeHistograms } from '../harness/stats';
import { sleep } from '../harness/timing';
import { startWorker } from '../harness/worker-process';
import { firstArrivals, readTickRecord, type WindowLatency, windowLatency } from './latency-windows';

const QUOTES = ['USD', 'EUR'];

type Timing = { warmupMs: number; windowMs: number; drainMs: number };

/** One broker hop at a rate: feeder -> topic -> bare kafkajs consumer. */
async function kafkaHop(ctx: RunContext, topic: string, rate: number, t: Timing) {
  const consumer = startWorker(
    'topic-latency',
    { brokers: ctx.brokers, topic, deadlineMs: 600_000 },
    { logDir: ctx.logDir, label: `hop-${rate}` },
  );
  await consumer.waitFor('ready', 60_000);
  const feeder = startWorker(
    'feeder',
    {
      brokers: ctx.brokers,
      topic,
      ratePerSecond: rate,
      maxDurationMs: 600_000,
      pairs: 80,
      deadlineMs: 660_000,
    },
    { logDir: ctx.logDir, label: `hop-feeder-${rate}` },
  );
  await feeder.waitFor('ready', 60_000);
  await sleep(t.warmupMs);
  consumer.send({ cmd: 'measure' });
  await sleep(t.windowMs);
  consumer.send({ cmd: 'stop' });
  const result = await consumer.result(60_000);
  feeder.send({ cmd: 'stop' });
  await feeder.result(60_000);
  return summarizeHistograms([result.histogram as [number, number][]]);
}

function rateFigures(rate: number, db: WindowLatency, sse: WindowLatency, producer: WindowLatency): Figure[] {
  const r = `${rate.toLocaleString('en-US')}/s`;
  return [
    figure(`producer${rate}P50`, `${r} tick -> produced-at (producer stage) p50`, producer.latency.p50, 'ms'),
    figure(`producer${rate}P99`, `${r} tick -> produced-at (producer stage) p99`, producer.latency.p99, 'ms'),
    figure(`db${rate}P50`, `${r} tick -> DB commit p50`, db.latency.p50, 'ms'),
    figure(`db${rate}P99`, `${r} tick -> DB commit p99`, db.latency.p99, 'ms'),
    figure(`db${rate}P999`, `${r} tick -> DB commit p99.9`, db.latency.p999, 'ms'),
    figure(`sse${rate}P50`, `${r} tick -> SSE client p50`, sse.latency.p50, 'ms'),
    figure(`sse${rate}P99`, `${r} tick -> SSE client p99`, sse.latency.p99, 'ms'),
    figure(`sse${rate}P999`, `${r} tick -> SSE client p99.9`, sse.latency.p999, 'ms'),
    figure(
      `stored${rate}`,
      `${r} ticks of the window stored`,
      db.created > 0 ? (100 * db.arrived) / db.created : null,
      '%',
    ),
    figure(
      `delivered${rate}`,
      `${r} ticks of the window delivered`,
      sse.created > 0 ? (100 * sse.arrived) / sse.created : null,
      '%',
    ),
  ];
}

/**
 * 3. End-to-end latency: simulator (ticks at a fixed rate) -> producer -> broker -> fixed-sink ->
 * PostgreSQL commit, and -> dynamic-gateway -> SSE client. From the simulator's own record of when it
 * made each tick to the commit (NOTIFY on commit) and to the client's receive time.
 */
export const endToEndLatency: Benchmark = {
  name: 'end-to-end-latency',
  title: '3. End-to-end latency (simulator -> producer -> DB commit / SSE client)',
  async run(ctx) {
    const smoke = ctx.mode === 'smoke';
    const rates = smoke ? [1_000] : [1_000, 10_000];
    const timing: Timing = smoke
      ? { warmupMs: 2_000, windowMs: 3_000, drainMs: 2_000 }
      : { warmupMs: 5_000, windowMs: 20_000, drainMs: 5_000 };
    const bases = simulatorBases(40);
    const pairs = pairList(bases, QUOTES);
    const namespace = benchNamespace('e2e');
    const db = await createBenchDatabase(ctx.databaseUrl, 'e2e');
    const sim = await startSimulator(ctx, pairs, `simulator-${namespace}`);
    try {
      const platform = await startPlatform(ctx, {
        namespace,
        services: ['coordinator', 'fixed-sink', 'dynamic-gateway', 'producer'],
        env: { 'fixed-sink': { DATABASE_URL: db.url }, producer: producerEnvFor(sim, pairs) },
      });
      const commits = await watchCommits(db);
      const gatewayUrl = platform.get('dynamic-gateway').baseUrl;
      const fleets = QUOTES.map((quote) =>
        startFleet({
          logDir: ctx.logDir,
          label: `e2e-sse-${quote}`,
          baseUrl: gatewayUrl,
          apiKey: BENCH_API_KEY,
          transport: 'sse',
          clients: 1,
          processes: 1,
          spec: { kind: 'ticks', quote, symbols: bases },
          connectPerSecond: 10,
          mode: 'trade-record',
        }),
      );
      await Promise.all(fleets.map((f) => f.connected));
      for (const f of fleets) f.measure();
      const windows: { rate: number; from: number; to: number }[] = [];
      for (const rate of rates) {
        ctx.log(`simulator at ${rate} ticks/s`);
        sim.setRate(rate);
        await sleep(timing.warmupMs);
        const from = Date.now();
        await sleep(timing.windowMs);
        windows.push({ rate, from, to: Date.now() });
      }
      sim.setRate(0);
      await sleep(timing.drainMs);
      const delivered = firstArrivals(
        (await Promise.all(fleets.map((f) => f.finish()))).flatMap((r) => r.records),
      );
      const { committed: stored, produced } = await commits.rowCommits();
      await commits.stop();
      await platform.stop();
      await sim.stop();
      const created = await readTickRecord(sim.recordFile);

      ctx.log('baseline: one broker hop (bare kafkajs) at the same rates');
      const hopTopic = `${namespace}.latency-hop`;
      await createTopics(ctx.brokers, [{ topic: hopTopic, partitions: 6 }]);
      const figures: Figure[] = [];
      const baseFigures: Figure[] = [];
      const ratios: { key: string; label: string; value: number | null; better: 'lower' }[] = [];
      let at1000: { db: WindowLatency; sse: WindowLatency } | undefined;
      for (const w of windows) {
        const dbLatency = windowLatency(created, stored, w.from, w.to);
        const sseLatency = windowLatency(created, delivered, w.from, w.to);
        if (w.rate === 1_000) at1000 = { db: dbLatency, sse: sseLatency };
        figures.push(
          ...rateFigures(w.rate, dbLatency, sseLatency, windowLatency(created, produced, w.from, w.to)),
        );
        const hop = await kafkaHop(ctx, hopTopic, w.rate, timing);
        const r = `${w.rate.toLocaleString('en-US')}/s`;
        baseFigures.push(
          figure(`hop${w.rate}P50`, `${r} one broker hop p50`, hop.p50, 'ms'),
          figure(`hop${w.rate}P99`, `${r} one broker hop p99`, hop.p99, 'ms'),
        );
        ratios.push(
          {
            key: `db${w.rate}P99`,
            label: `${r} DB p99 / broker hop p99`,
            value: ratio(dbLatency.latency.p99, hop.p99),
            better: 'lower',
          },
          {
            key: `sse${w.rate}P99`,
            label: `${r} SSE p99 / broker hop p99`,
            value: ratio(sseLatency.latency.p99, hop.p99),
            better: 'lower',
          },
        );
      }
      return {
        figures,
        baseline: {
          description:
            'one broker hop: a paced kafkajs producer -> topic (6 partitions) -> bare kafkajs consumer, same rate',
          figures: baseFigures,
        },
        ratios,
        targets: [
          check(
            '1,000 ticks/s: p99 to the database < 100 ms',
            at1000?.db.latency.p99 ?? null,
            (v) => v < 100,
          ),
          check(
            '1,000 ticks/s: p99 to the application (SSE) < 50 ms',
            at1000?.sse.latency.p99 ?? null,
            (v) => v < 50,
          ),
        ],
        parameters: {
          rates,
          pairs: pairs.length,
          ...timing,
          sseClients: '2 (spec ticks/USD and ticks/EUR, 40 coins each)',
          settings:
            'service defaults (PRODUCER_STREAM_BATCH 100 ms, PRODUCER_LINGER 5 ms, SINK_FLUSH_INTERVAL 100 ms, GATEWAY_FETCH_MAX_WAIT 100 ms)',
          topics: topicNames(namespace).ticks,
        },
        notes: [],
      };
    } finally {
      await sim.stop().catch(() => {});
      await cleanNamespace(ctx.brokers, namespace).catch(() => {});
      await db.drop().catch(() => {});
    }
  },
};
