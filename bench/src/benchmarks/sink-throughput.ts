import { topicNames } from '@mdp/contracts/topic-names';
import { findFreePort } from '@mdp/local-infra/free-port';
import type { Benchmark } from '../harness/benchmark';
import { createBenchDatabase } from '../harness/database';
import { sinkSettings } from '../harness/effective-settings';
import { benchNamespace, cleanNamespace, committedMessages, createTopics, withAdmin } from '../harness/kafka';
import { logProblems } from '../harness/log-problems';
import { check, figure } from '../harness/result';
import type { RunContext } from '../harness/run-context';
import { startService } from '../harness/service';
import { ratio } from '../harness/stats';
import { pollUntil } from '../harness/timing';
import { startWorker } from '../harness/worker-process';

const PAIRS = 100;
const PARTITIONS = 6;
const RUNS = 3;

type Run = {
  sink: number | null;
  withStart: number;
  copy: number;
  ratio: number | null;
  rows: number;
  notes: string[];
};

const median = (values: readonly (number | null)[]): number | null => {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return sorted.length === values.length && sorted.length > 0
    ? (sorted[Math.floor(sorted.length / 2)] ?? null)
    : null;
};
const spread = (values: readonly (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? { min: Math.min(...known), max: Math.max(...known) } : null;
};

/** One drain of the filled topic by a fresh sink (new group, new database), then COPY into that table. */
async function drainOnce(
  ctx: RunContext,
  run: number,
  opts: { namespace: string; count: number; startMs: number },
): Promise<Run> {
  const topics = topicNames(opts.namespace);
  const db = await createBenchDatabase(ctx.databaseUrl, `sink${run}`);
  try {
    ctx.log(`run ${run}: starting the fixed-sink on the filled topic`);
    const groupId = `${opts.namespace}.fixed-sink.${run}`;
    const spawnedAt = Date.now();
    const sink = await startService({
      name: 'fixed-sink',
      label: `fixed-sink-${run}`,
      // BENCH_SINK_CPU_PROF=1: a V8 CPU profile of each sink process in the run's log folder.
      nodeArgs: process.env.BENCH_SINK_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${ctx.logDir}`] : [],
      httpPort: await findFreePort(),
      logDir: ctx.logDir,
      env: {
        KAFKA_BROKERS: ctx.brokers.join(','),
        DATABASE_URL: db.url,
        TOPIC_NAMESPACE: opts.namespace,
        SINK_GROUP_ID: groupId,
      },
    });
    let first: { at: number; committed: number } | undefined;
    const doneAt = await withAdmin(ctx.brokers, (admin) =>
      pollUntil(
        `the sink to commit ${opts.count} ticks`,
        async () => {
          const committed = await committedMessages(admin, groupId, topics.ticks);
          const now = Date.now();
          if (committed > 0 && !first) first = { at: now, committed };
          return committed >= opts.count ? now : undefined;
        },
        { intervalMs: 200, timeoutMs: ctx.mode === 'smoke' ? 60_000 : 600_000 },
      ),
    );
    await sink.stop();
    const problems = await logProblems(sink.logFile);
    const [{ rows } = { rows: 0 }] = await db.sql<
      { rows: number }[]
    >`select count(*)::int as rows from ticks`;
    const sinkRate =
      first && doneAt > first.at ? (opts.count - first.committed) / ((doneAt - first.at) / 1000) : null;

    ctx.log(`run ${run}: COPY baseline into the same (emptied) table`);
    await db.sql`truncate ticks`;
    await db.sql`checkpoint`;
    const copy = await startWorker(
      'copy-ticks',
      {
        databaseUrl: db.url,
        table: 'ticks',
        count: opts.count,
        pairs: PAIRS,
        startMs: opts.startMs,
        deadlineMs: 600_000,
      },
      { logDir: ctx.logDir },
    ).result(600_000);
    const copyRate = opts.count / (Number(copy.ms) / 1000);
    return {
      sink: sinkRate,
      withStart: opts.count / ((doneAt - spawnedAt) / 1000),
      copy: copyRate,
      ratio: ratio(sinkRate, copyRate),
      rows,
      notes: [
        ...(rows === opts.count ? [] : [`run ${run}: expected ${opts.count} rows in ticks, found ${rows}`]),
        ...problems.map((p) => `run ${run}: fixed-sink: ${p}`),
      ],
    };
  } finally {
    await db.drop().catch(() => {});
  }
}

/**
 * 1. Sink throughput: a fixed ticks topic pre-filled with N ticks over 100 pairs; three times, a
 * fresh fixed-sink process (new group, new database) drains it into PostgreSQL, and the same rows
 * are then loaded by COPY into the same table. Reported: the medians of the three runs and their
 * spread. BENCH_SINK_TICKS overrides N (for development; the documented figures use the default).
 */
export const sinkThroughput: Benchmark = {
  name: 'sink-throughput',
  title: '1. Sink throughput (topic -> fixed-sink -> PostgreSQL)',
  async run(ctx) {
    const count = Number(process.env.BENCH_SINK_TICKS) || (ctx.mode === 'smoke' ? 20_000 : 1_000_000);
    const runs = ctx.mode === 'smoke' ? 1 : Number(process.env.BENCH_SINK_RUNS) || RUNS;
    const namespace = benchNamespace('sink');
    const topics = topicNames(namespace);
    const startMs = Date.UTC(2025, 0, 1);
    try {
      await createTopics(ctx.brokers, [
        { topic: topics.ticks, partitions: PARTITIONS },
        { topic: topics.candles1m, partitions: PARTITIONS },
      ]);
      ctx.log(`filling ${topics.ticks} with ${count} ticks`);
      const fill = await startWorker(
        'fill-ticks',
        {
          brokers: ctx.brokers,
          topic: topics.ticks,
          count,
          pairs: PAIRS,
          startMs,
          batchSize: 2000,
          inFlight: 4,
          deadlineMs: 600_000,
        },
        { logDir: ctx.logDir },
      ).result(600_000);
      const results: Run[] = [];
      for (let run = 1; run <= runs; run++)
        results.push(await drainOnce(ctx, run, { namespace, count, startMs }));

      const sink = median(results.map((r) => r.sink));
      const copy = median(results.map((r) => r.copy));
      const sinkOverCopy = median(results.map((r) => r.ratio));
      const ratios = spread(results.map((r) => r.ratio));
      const sinkSpread = spread(results.map((r) => r.sink));
      const copySpread = spread(results.map((r) => r.copy));
      return {
        figures: [
          figure(
            'sinkRowsPerSecond',
            `fixed-sink drain rate (first to last commit), median of ${runs}`,
            sink,
            'rows/s',
          ),
          figure(
            'sinkRowsPerSecondMin',
            'fixed-sink drain rate, lowest run',
            sinkSpread?.min ?? null,
            'rows/s',
          ),
          figure(
            'sinkRowsPerSecondMax',
            'fixed-sink drain rate, highest run',
            sinkSpread?.max ?? null,
            'rows/s',
          ),
          figure(
            'sinkRowsPerSecondWithStart',
            'fixed-sink incl. process start and migrations, median',
            median(results.map((r) => r.withStart)),
            'rows/s',
          ),
          figure(
            'rowsStored',
            'rows in ticks after each drain (lowest)',
            Math.min(...results.map((r) => r.rows)),
            'rows',
          ),
        ],
        baseline: {
          description:
            'the same rows loaded by one COPY ... FROM STDIN into the same ticks table (same indexes), after each drain',
          figures: [
            figure('copyRowsPerSecond', `COPY rate, median of ${runs}`, copy, 'rows/s'),
            figure('copyRowsPerSecondMin', 'COPY rate, lowest run', copySpread?.min ?? null, 'rows/s'),
            figure('copyRowsPerSecondMax', 'COPY rate, highest run', copySpread?.max ?? null, 'rows/s'),
          ],
        },
        ratios: [
          {
            key: 'sinkOverCopy',
            label: `sink / COPY, median of ${runs} runs`,
            value: sinkOverCopy,
            better: 'higher',
          },
          {
            key: 'sinkOverCopyMin',
            label: 'sink / COPY, lowest run',
            value: ratios?.min ?? null,
            better: 'higher',
          },
          {
            key: 'sinkOverCopyMax',
            label: 'sink / COPY, highest run',
            value: ratios?.max ?? null,
            better: 'higher',
          },
        ],
        targets: [check('sink >= 0.7 x COPY (median)', sinkOverCopy, (v) => v >= 0.7)],
        parameters: {
          ticks: count,
          pairs: PAIRS,
          partitions: PARTITIONS,
          runs: results.map(({ notes: _, ...r }) => r),
          fillMs: fill.ms,
          sinkSettings: sinkSettings({}),
        },
        notes: results.flatMap((r) => r.notes),
      };
    } finally {
      await cleanNamespace(ctx.brokers, namespace).catch(() => {});
    }
  },
};
