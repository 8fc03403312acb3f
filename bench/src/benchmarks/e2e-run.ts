import { pairList, simulatorBases } from '../data/live-pairs';
import { benchSource, ticksSpec } from '../harness/bench-source';
import { startFleet } from '../harness/client-fleet';
import { watchCommits } from '../harness/commit-watch';
import { createBenchDatabase } from '../harness/database';
import { benchNamespace, cleanNamespace } from '../harness/kafka';
import { BENCH_API_KEY, startPlatform } from '../harness/platform';
import type { RunContext } from '../harness/run-context';
import { machineBusySeconds, type ServiceName } from '../harness/service';
import { producerEnvFor, startSimulator } from '../harness/simulator-process';
import { sleep } from '../harness/timing';
import { firstArrivals, readTickRecord, type WindowLatency, windowLatency } from './latency-windows';

export const QUOTES = ['USD', 'EUR'];
export const COINS = 40;

export type Timing = { warmupMs: number; windowMs: number; drainMs: number };

export type RateLatency = {
  rate: number;
  producer: WindowLatency;
  db: WindowLatency;
  sse: WindowLatency;
  /** Cores the whole machine kept busy during the window. */
  machineBusyCores: number | null;
};

/**
 * The whole platform on its own namespace and database, fed by the simulator at each rate in turn:
 * per rate, after a warm-up, the ticks made in a window are followed to their `produced-at`, their
 * database commit and their SSE delivery (two clients, one spec per quote, 40 coins each).
 */
export async function measureEndToEnd(
  ctx: RunContext,
  label: string,
  rates: readonly number[],
  timing: Timing,
  env: Partial<Record<ServiceName, Record<string, string>>> = {},
): Promise<{ rates: RateLatency[]; problems: string[] }> {
  const bases = simulatorBases(COINS);
  const pairs = pairList(bases, QUOTES);
  const namespace = benchNamespace(label);
  const db = await createBenchDatabase(ctx.databaseUrl, label.replace(/-/g, '_'));
  const sim = await startSimulator(ctx, pairs, `simulator-${namespace}`);
  try {
    const platform = await startPlatform(ctx, {
      namespace,
      services: ['coordinator', 'fixed-sink', 'dynamic-gateway', 'producer'],
      env: {
        ...env,
        'fixed-sink': { DATABASE_URL: db.url, ...env['fixed-sink'] },
        producer: { ...producerEnvFor(sim, pairs), ...env.producer },
      },
    });
    const commits = await watchCommits(db);
    const fleets = QUOTES.map((quote) =>
      startFleet({
        logDir: ctx.logDir,
        label: `${label}-sse-${quote}`,
        baseUrl: platform.get('dynamic-gateway').baseUrl,
        apiKey: BENCH_API_KEY,
        transport: 'sse',
        clients: 1,
        processes: 1,
        spec: ticksSpec(benchSource(), quote, bases),
        connectPerSecond: 10,
        mode: 'trade-record',
      }),
    );
    await Promise.all(fleets.map((f) => f.connected));
    for (const f of fleets) f.measure();
    const windows: { rate: number; from: number; to: number; busy: number | null }[] = [];
    for (const rate of rates) {
      ctx.log(`${label}: simulator at ${rate} ticks/s`);
      sim.setRate(rate);
      await sleep(timing.warmupMs);
      const from = Date.now();
      const busy0 = await machineBusySeconds();
      await sleep(timing.windowMs);
      const busy1 = await machineBusySeconds();
      const to = Date.now();
      const busy = busy0 === null || busy1 === null ? null : (busy1 - busy0) / ((to - from) / 1000);
      windows.push({ rate, from, to, busy });
    }
    sim.setRate(0);
    await sleep(timing.drainMs);
    const delivered = firstArrivals(
      (await Promise.all(fleets.map((f) => f.finish()))).flatMap((r) => r.records),
    );
    const { committed, produced } = await commits.rowCommits();
    await commits.stop();
    await platform.stop();
    await sim.stop();
    const created = await readTickRecord(sim.recordFile);
    const problems = (await platform.problems()).map((p) => `${label}: ${p}`);
    const measured = windows.map((w) => ({
      rate: w.rate,
      producer: windowLatency(created, produced, w.from, w.to),
      db: windowLatency(created, committed, w.from, w.to),
      sse: windowLatency(created, delivered, w.from, w.to),
      machineBusyCores: w.busy,
    }));
    return { rates: measured, problems };
  } finally {
    await sim.stop().catch(() => {});
    await cleanNamespace(ctx.brokers, namespace).catch(() => {});
    await db.drop().catch(() => {});
  }
}
