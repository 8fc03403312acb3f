import { topicNames } from '@mdp/contracts/topic-names';
import { pairList, simulatorBases } from '../data/live-pairs';
import { benchSource, ticksSpec } from '../harness/bench-source';
import type { Benchmark } from '../harness/benchmark';
import { benchNamespace, cleanNamespace } from '../harness/kafka';
import { BENCH_API_KEY, startPlatform } from '../harness/platform';
import { check, figure } from '../harness/result';
import { producerEnvFor, startSimulator } from '../harness/simulator-process';
import { ratio, summarize } from '../harness/stats';
import { startWorker } from '../harness/worker-process';

type Outcome = { readyMs?: number | null; firstMs: number | null; error: string | null };

const TICKS_PER_PAIR_PER_SECOND = 20;

/**
 * 5. New stream start: never-seen specs requested one after another (SSE with `?spec=`), each timed
 * from the request to its first delivered message: the coordinator creates the topic, the producer
 * starts publishing to it, the gateway starts reading it. Baseline: create topic + write + new
 * consumer group with bare kafkajs.
 */
export const streamStart: Benchmark = {
  name: 'stream-start',
  title: '5. New stream start (request -> first delivered message)',
  async run(ctx) {
    const count = ctx.mode === 'smoke' ? 3 : 20;
    const bases = simulatorBases(count);
    const pairs = pairList(bases, ['USD']);
    const specs = bases.map((b) => ticksSpec(benchSource(), 'USD', [b]));
    const namespace = benchNamespace('start');
    const sim = await startSimulator(ctx, pairs, `simulator-${namespace}`);
    try {
      const platform = await startPlatform(ctx, {
        namespace,
        services: ['coordinator', 'dynamic-gateway', 'producer'],
        env: { producer: producerEnvFor(sim, pairs) },
      });
      sim.setRate(pairs.length * TICKS_PER_PAIR_PER_SECOND);
      const client = startWorker(
        'stream-start',
        {
          baseUrl: platform.get('dynamic-gateway').baseUrl,
          apiKey: BENCH_API_KEY,
          specs,
          perSpecTimeoutMs: 30_000,
          deadlineMs: 30 * 60_000,
        },
        { logDir: ctx.logDir },
      );
      const platformOutcomes = (await client.result(30 * 60_000)).outcomes as Outcome[];
      await platform.stop();
      await sim.stop();
      const problems = await platform.problems();
      ctx.log('baseline: topic + message + new consumer group with bare kafkajs');
      const baseline = startWorker(
        'topic-start',
        {
          brokers: ctx.brokers,
          namespace,
          count,
          partitions: 3,
          perTopicTimeoutMs: 30_000,
          deadlineMs: 30 * 60_000,
        },
        { logDir: ctx.logDir },
      );
      const baseOutcomes = (await baseline.result(30 * 60_000)).outcomes as Outcome[];
      const first = summarize(platformOutcomes.flatMap((o) => (o.firstMs === null ? [] : [o.firstMs])));
      const ready = summarize(platformOutcomes.flatMap((o) => (o.readyMs == null ? [] : [o.readyMs])));
      const base = summarize(baseOutcomes.flatMap((o) => (o.firstMs === null ? [] : [o.firstMs])));
      return {
        figures: [
          figure('firstMessageP50', 'request -> first message p50', first.p50, 'ms'),
          figure('firstMessageP99', 'request -> first message p99', first.p99, 'ms'),
          figure('firstMessageMax', 'request -> first message max', first.max, 'ms'),
          figure('readyP50', 'request -> stream ready (topic active) p50', ready.p50, 'ms'),
          figure('readyP99', 'request -> stream ready (topic active) p99', ready.p99, 'ms'),
          figure('streamsStarted', 'streams that delivered a message', first.count, `of ${count}`),
        ],
        baseline: {
          description:
            'bare kafkajs: create topic (3 partitions, wait for leaders), write 1 message, new consumer group reads it',
          figures: [
            figure('bareFirstMessageP50', 'new topic -> first message p50', base.p50, 'ms'),
            figure('bareFirstMessageP99', 'new topic -> first message p99', base.p99, 'ms'),
          ],
        },
        ratios: [
          { key: 'p50', label: 'p50 platform / bare', value: ratio(first.p50, base.p50), better: 'lower' },
          { key: 'p99', label: 'p99 platform / bare', value: ratio(first.p99, base.p99), better: 'lower' },
        ],
        targets: [check('p99 < 1 s', first.count === count ? first.p99 : null, (v) => v < 1_000)],
        parameters: {
          source: benchSource(),
          specs: count,
          spec: 'ticks, USD, one coin each (a different coin per request)',
          ticksPerPairPerSecond: TICKS_PER_PAIR_PER_SECOND,
          topics: topicNames(namespace).dynamicPrefix,
        },
        notes: [
          ...platformOutcomes.flatMap((o, i) =>
            o.error === null ? [] : [`stream ${i + 1} failed: ${o.error}`],
          ),
          ...problems,
        ],
      };
    } finally {
      await sim.stop().catch(() => {});
      await cleanNamespace(ctx.brokers, namespace).catch(() => {});
    }
  },
};
