import { join } from 'node:path';
import { topicNames } from '@mdp/contracts/topic-names';
import { activeTopic, spec, writeActiveRecords } from '../data/registry-records';
import { syntheticPairs } from '../data/synthetic-ticks';
import type { Benchmark } from '../harness/benchmark';
import { benchKafka, benchNamespace, cleanNamespace, createTopics } from '../harness/kafka';
import { logProblems } from '../harness/log-problems';
import { check, figure } from '../harness/result';
import { ratio } from '../harness/stats';
import { startWorker } from '../harness/worker-process';
import type { PublishConfig } from '../workers/publish-config';

const PAIRS = 100;

/**
 * 2. Producer publish rate: the producer's publishing path fed from memory against a bare kafkajs
 * producer sending the same messages with the same batching. Each side runs in its own process
 * (and its own namespace, so both start from empty topics).
 */
export const producerPublish: Benchmark = {
  name: 'producer-publish',
  title: '2. Producer publish rate (memory -> producer -> broker)',
  async run(ctx) {
    const count = ctx.mode === 'smoke' ? 5_000 : 200_000;
    const pairs = syntheticPairs(PAIRS);
    const usd = pairs.filter((p) => p.quote === 'USD').map((p) => p.base);
    const eur = pairs
      .filter((p) => p.quote === 'EUR')
      .map((p) => p.base)
      .slice(0, 10);
    const run = async (side: 'bare-publish' | 'publish-path', batchSize: number) => {
      const namespace = benchNamespace(side === 'bare-publish' ? 'pub-bare' : 'pub-path');
      const topics = topicNames(namespace);
      const dynamic = [
        activeTopic(spec({ kind: 'ticks', quote: 'USD', symbols: usd }), namespace),
        activeTopic(spec({ kind: 'ticks', quote: 'EUR', symbols: eur }), namespace),
      ];
      try {
        await createTopics(ctx.brokers, [
          { topic: topics.ticks, partitions: 6 },
          { topic: topics.candles1m, partitions: 6 },
          { topic: topics.requests, partitions: 1 },
          { topic: topics.registry, partitions: 1, compacted: true },
          { topic: topics.events, partitions: 1 },
          ...dynamic.map((d) => ({ topic: d.topic, partitions: 3 })),
        ]);
        await writeActiveRecords(benchKafka(ctx.brokers), topics.registry, dynamic);
        const config: PublishConfig = {
          brokers: ctx.brokers,
          namespace,
          count,
          pairs: PAIRS,
          startMs: Date.UTC(2025, 0, 1),
          fixedTopic: topics.ticks,
          dynamic: dynamic.map((d) => ({ topic: d.topic, quote: d.spec.quote, symbols: d.spec.symbols })),
          batchSize,
          maxOutstanding: 5_000,
          deadlineMs: 600_000,
        };
        ctx.log(`${side}: ${count} ticks`);
        const result = await startWorker(side, config, { logDir: ctx.logDir }).result(600_000);
        const messages = Number(result.messages);
        return {
          messages,
          perSecond: messages / (Number(result.ms) / 1000),
          batches: Number(result.batches ?? 0),
        };
      } finally {
        await cleanNamespace(ctx.brokers, namespace).catch(() => {});
      }
    };
    // The producer first: how it batched (messages per request) is what the bare producer copies.
    const path = await run('publish-path', 500);
    const batchSize = path.batches > 0 ? Math.max(1, Math.round(path.messages / path.batches)) : 500;
    const bare = await run('bare-publish', batchSize);
    const r = ratio(path.perSecond, bare.perSecond);
    return {
      figures: [
        figure('producerMessagesPerSecond', 'producer publishing path', path.perSecond, 'msgs/s'),
        figure('producerMessages', 'messages acknowledged (fixed + dynamic)', path.messages, 'msgs'),
      ],
      baseline: {
        description: `bare kafkajs producer, same settings as the runtime producer (idempotent, acks -1, 1 in flight), the same envelopes built before the clock starts, sent in requests of ${batchSize} messages (the producer's average)`,
        figures: [figure('bareMessagesPerSecond', 'bare kafkajs producer', bare.perSecond, 'msgs/s')],
      },
      ratios: [{ key: 'producerOverBare', label: 'producer / bare kafkajs', value: r, better: 'higher' }],
      targets: [check('producer >= 0.8 x bare kafkajs', r, (v) => v >= 0.8)],
      parameters: {
        ticks: count,
        pairs: PAIRS,
        dynamicTopics: '2 (ticks USD x 50 symbols, ticks EUR x 10 symbols)',
        messagesPerTick: path.messages / count,
        producerRequests: path.batches,
        messagesPerRequest: batchSize,
        feed: 'type-5 frames pushed into the producer app through its socket factory, at most 5,000 unacknowledged ticks',
      },
      notes: (await logProblems(join(ctx.logDir, 'publish-path.log'))).map((p) => `producer: ${p}`),
    };
  },
};
