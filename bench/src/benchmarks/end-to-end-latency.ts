import { benchSource } from '../harness/bench-source';
import type { Benchmark } from '../harness/benchmark';
import { producerSettings, sinkSettings } from '../harness/effective-settings';
import { benchNamespace, cleanNamespace, createTopics } from '../harness/kafka';
import { check, type Figure, figure } from '../harness/result';
import type { RunContext } from '../harness/run-context';
import { type LatencySummary, ratio, summarizeHistograms } from '../harness/stats';
import { sleep } from '../harness/timing';
import { startWorker } from '../harness/worker-process';
import { COINS, measureEndToEnd, QUOTES, type RateLatency, type Timing } from './e2e-run';

/** Settings that shorten the batching windows on the path (the defaults favour throughput). */
const LOW_LATENCY = {
  producer: { PRODUCER_STREAM_BATCH_MS: '10' },
  'fixed-sink': { SINK_FLUSH_INTERVAL_MS: '10' },
};

/** One broker hop at a rate: paced feeder -> topic -> bare kafkajs consumer. */
async function kafkaHop(ctx: RunContext, topic: string, rate: number, t: Timing): Promise<LatencySummary> {
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
      pairs: COINS * QUOTES.length,
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

function rateFigures(prefix: string, label: string, r: RateLatency): Figure[] {
  const at = `${label}${r.rate.toLocaleString('en-US')}/s`;
  const pct = (w: RateLatency['db']) => (w.created > 0 ? (100 * w.arrived) / w.created : null);
  return [
    figure(`${prefix}producer${r.rate}P50`, `${at} tick -> produced-at p50`, r.producer.latency.p50, 'ms'),
    figure(`${prefix}producer${r.rate}P99`, `${at} tick -> produced-at p99`, r.producer.latency.p99, 'ms'),
    figure(`${prefix}db${r.rate}P50`, `${at} tick -> DB commit p50`, r.db.latency.p50, 'ms'),
    figure(`${prefix}db${r.rate}P99`, `${at} tick -> DB commit p99`, r.db.latency.p99, 'ms'),
    figure(`${prefix}db${r.rate}P999`, `${at} tick -> DB commit p99.9`, r.db.latency.p999, 'ms'),
    figure(`${prefix}sse${r.rate}P50`, `${at} tick -> SSE client p50`, r.sse.latency.p50, 'ms'),
    figure(`${prefix}sse${r.rate}P99`, `${at} tick -> SSE client p99`, r.sse.latency.p99, 'ms'),
    figure(`${prefix}sse${r.rate}P999`, `${at} tick -> SSE client p99.9`, r.sse.latency.p999, 'ms'),
    figure(`${prefix}stored${r.rate}`, `${at} ticks of the window stored`, pct(r.db), '%'),
    figure(`${prefix}delivered${r.rate}`, `${at} ticks of the window delivered`, pct(r.sse), '%'),
    figure(`${prefix}machine${r.rate}`, `${at} whole machine busy`, r.machineBusyCores, 'cores'),
  ];
}

/**
 * 3. End-to-end latency: simulator (ticks at a fixed rate) -> producer -> broker -> fixed-sink ->
 * PostgreSQL commit, and -> dynamic-gateway -> SSE client; from the simulator's record of when it made
 * each tick. With the services' default settings at each rate, then (full mode) with shorter batching
 * windows at 1,000 ticks/s. Baseline: one bare broker hop at the same rate.
 */
export const endToEndLatency: Benchmark = {
  name: 'end-to-end-latency',
  title: '3. End-to-end latency (simulator -> producer -> DB commit / SSE client)',
  async run(ctx) {
    const smoke = ctx.mode === 'smoke';
    const rates = smoke ? [1_000] : [1_000, 10_000];
    const timing: Timing = smoke
      ? { warmupMs: 1_000, windowMs: 2_000, drainMs: 1_500 }
      : { warmupMs: 5_000, windowMs: 20_000, drainMs: 5_000 };
    const main = await measureEndToEnd(ctx, 'e2e', rates, timing);
    const fast = smoke ? null : await measureEndToEnd(ctx, 'e2e-fast', [1_000], timing, LOW_LATENCY);
    const defaults = main.rates;
    const tuned = fast?.rates ?? [];
    const notes = [...main.problems, ...(fast?.problems ?? [])];
    for (const r of [...defaults, ...tuned]) {
      const missing = (w: RateLatency['db'], what: string) =>
        w.arrived < w.created
          ? [
              `${r.rate}/s: ${w.created - w.arrived} of ${w.created} ticks of the window were not ${what} by the end of the run`,
            ]
          : [];
      notes.push(...missing(r.db, 'stored'), ...missing(r.sse, 'delivered'));
    }

    ctx.log('baseline: one broker hop (bare kafkajs) at the same rates');
    const namespace = benchNamespace('hop');
    const hopTopic = `${namespace}.latency-hop`;
    const hops = new Map<number, LatencySummary>();
    try {
      await createTopics(ctx.brokers, [{ topic: hopTopic, partitions: 6 }]);
      for (const rate of rates) hops.set(rate, await kafkaHop(ctx, hopTopic, rate, timing));
    } finally {
      await cleanNamespace(ctx.brokers, namespace).catch(() => {});
    }
    const at1000 = defaults.find((r) => r.rate === 1_000);
    const fast1000 = tuned[0];
    const ratios = [...defaults, ...tuned.map((r) => ({ ...r, tuned: true }))].flatMap((r) => {
      const hop = hops.get(r.rate)?.p99;
      const name = `${'tuned' in r ? 'low-latency settings, ' : ''}${r.rate.toLocaleString('en-US')}/s`;
      return [
        {
          key: `db${r.rate}`,
          label: `${name}: DB p99 / broker hop p99`,
          value: ratio(r.db.latency.p99, hop),
          better: 'lower' as const,
        },
        {
          key: `sse${r.rate}`,
          label: `${name}: SSE p99 / broker hop p99`,
          value: ratio(r.sse.latency.p99, hop),
          better: 'lower' as const,
        },
      ];
    });
    return {
      figures: [
        ...defaults.flatMap((r) => rateFigures('', '', r)),
        ...tuned.flatMap((r) => rateFigures('fast', 'low-latency settings, ', r)),
      ],
      baseline: {
        description:
          'one broker hop: a paced kafkajs producer -> topic (6 partitions) -> bare kafkajs consumer, same rate',
        figures: rates.flatMap((rate) => {
          const r = `${rate.toLocaleString('en-US')}/s`;
          const hop = hops.get(rate);
          return [
            figure(`hop${rate}P50`, `${r} one broker hop p50`, hop?.p50 ?? null, 'ms'),
            figure(`hop${rate}P99`, `${r} one broker hop p99`, hop?.p99 ?? null, 'ms'),
          ];
        }),
      },
      ratios,
      targets: [
        check(
          '1,000 ticks/s, default settings: p99 to the database < 100 ms',
          at1000?.db.latency.p99 ?? null,
          (v) => v < 100,
        ),
        check(
          '1,000 ticks/s, default settings: p99 to the application (SSE) < 50 ms',
          at1000?.sse.latency.p99 ?? null,
          (v) => v < 50,
        ),
        ...(fast1000
          ? [
              check(
                '1,000 ticks/s, low-latency settings: p99 to the database < 100 ms',
                fast1000.db.latency.p99,
                (v) => v < 100,
              ),
              check(
                '1,000 ticks/s, low-latency settings: p99 to the application (SSE) < 50 ms',
                fast1000.sse.latency.p99,
                (v) => v < 50,
              ),
            ]
          : []),
      ],
      parameters: {
        source: benchSource(),
        rates,
        pairs: COINS * QUOTES.length,
        ...timing,
        sseClients: '2 (spec ticks/USD and ticks/EUR, 40 coins each)',
        defaultSettings: { ...producerSettings({}), ...sinkSettings({}) },
        lowLatencySettings: {
          ...producerSettings(LOW_LATENCY.producer),
          ...sinkSettings(LOW_LATENCY['fixed-sink']),
        },
      },
      notes,
    };
  },
};
