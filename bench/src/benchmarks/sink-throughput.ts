import { topicNames } from '@mdp/contracts/topic-names';
import { findFreePort } from '@mdp/local-infra/free-port';
import type { Benchmark } from '../harness/benchmark';
import { createBenchDatabase } from '../harness/database';
import { sinkSettings } from '../harness/effective-settings';
import { benchNamespace, cleanNamespace, committedMessages, createTopics, withAdmin } from '../harness/kafka';
import { logProblems } from '../harness/log-problems';
import { check, figure } from '../harness/result';
import { startService } from '../harness/service';
import { ratio } from '../harness/stats';
import { pollUntil } from '../harness/timing';
import { startWorker } from '../harness/worker-process';

const PAIRS = 100;
const PARTITIONS = 6;

/**
 * 1. Sink throughput: a fixed ticks topic pre-filled with N ticks over 100 pairs; the fixed-sink
 * process drains it into PostgreSQL. Baseline: the same rows loaded by COPY into the same table.
 */
export const sinkThroughput: Benchmark = {
  name: 'sink-throughput',
  title: '1. Sink throughput (topic -> fixed-sink -> PostgreSQL)',
  async run(ctx) {
    const count = ctx.mode === 'smoke' ? 20_000 : 1_000_000;
    const namespace = benchNamespace('sink');
    const topics = topicNames(namespace);
    const startMs = Date.UTC(2025, 0, 1);
    const db = await createBenchDatabase(ctx.databaseUrl, 'sink');
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

      ctx.log('starting the fixed-sink on the filled topic');
      const groupId = `${namespace}.fixed-sink`;
      const spawnedAt = Date.now();
      const sink = await startService({
        name: 'fixed-sink',
        httpPort: await findFreePort(),
        logDir: ctx.logDir,
        env: {
          KAFKA_BROKERS: ctx.brokers.join(','),
          DATABASE_URL: db.url,
          TOPIC_NAMESPACE: namespace,
          SINK_GROUP_ID: groupId,
        },
      });
      const readyAt = Date.now();
      let first: { at: number; committed: number } | undefined;
      const doneAt = await withAdmin(ctx.brokers, (admin) =>
        pollUntil(
          `the sink to commit ${count} ticks`,
          async () => {
            const committed = await committedMessages(admin, groupId, topics.ticks);
            const now = Date.now();
            if (committed > 0 && !first) first = { at: now, committed };
            return committed >= count ? now : undefined;
          },
          { intervalMs: 200, timeoutMs: ctx.mode === 'smoke' ? 60_000 : 600_000 },
        ),
      );
      await sink.stop();
      const problems = await logProblems(sink.logFile);
      const [{ rows } = { rows: 0 }] = await db.sql<
        { rows: number }[]
      >`select count(*)::int as rows from ticks`;
      const drained =
        first && doneAt > first.at ? (count - first.committed) / ((doneAt - first.at) / 1000) : null;
      const withStart = count / ((doneAt - spawnedAt) / 1000);

      ctx.log('COPY baseline into the same (emptied) table');
      await db.sql`truncate ticks`;
      await db.sql`checkpoint`;
      const copy = await startWorker(
        'copy-ticks',
        { databaseUrl: db.url, table: 'ticks', count, pairs: PAIRS, startMs, deadlineMs: 600_000 },
        { logDir: ctx.logDir },
      ).result(600_000);
      const copyRate = count / (Number(copy.ms) / 1000);
      const sinkVsCopy = ratio(drained, copyRate);
      return {
        figures: [
          figure('sinkRowsPerSecond', 'fixed-sink drain rate (first to last commit)', drained, 'rows/s'),
          figure(
            'sinkRowsPerSecondWithStart',
            'fixed-sink incl. process start and migrations',
            withStart,
            'rows/s',
          ),
          figure('rowsStored', 'rows in ticks after the drain', rows, 'rows'),
        ],
        baseline: {
          description:
            'the same rows loaded by one COPY ... FROM STDIN into the same ticks table (same indexes)',
          figures: [figure('copyRowsPerSecond', 'COPY rate', copyRate, 'rows/s')],
        },
        ratios: [{ key: 'sinkOverCopy', label: 'sink / COPY', value: sinkVsCopy, better: 'higher' }],
        targets: [
          check('sink >= 100,000 rows/s', drained, (v) => v >= 100_000),
          check('sink >= 0.5 x COPY', sinkVsCopy, (v) => v >= 0.5),
        ],
        parameters: {
          ticks: count,
          pairs: PAIRS,
          partitions: PARTITIONS,
          fillMs: fill.ms,
          sinkReadyAfterMs: readyAt - spawnedAt,
          firstCommitAfterMs: first ? first.at - spawnedAt : null,
          lastCommitAfterMs: doneAt - spawnedAt,
          sinkSettings: sinkSettings({}),
        },
        notes: [
          ...(rows === count ? [] : [`expected ${count} rows in ticks, found ${rows}`]),
          ...problems.map((p) => `fixed-sink: ${p}`),
        ],
      };
    } finally {
      await cleanNamespace(ctx.brokers, namespace).catch(() => {});
      await db.drop().catch(() => {});
    }
  },
};
