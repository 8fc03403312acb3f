import type { Admin } from 'kafkajs';
import pino from 'pino';
import { createMetricsRegistry } from './metrics';
import { minInsyncReplicasFor, reportUnderReplicated, resolveTopicReplication } from './replication';

const quiet = pino({ level: 'silent' });
const adminWith = (brokers: number) =>
  ({
    describeCluster: async () => ({
      brokers: Array.from({ length: brokers }, (_, i) => ({ nodeId: i + 1, host: 'h', port: 1 })),
    }),
  }) as unknown as Admin;

test('min.insync.replicas: 1 up to two replicas, then a majority', () => {
  expect([1, 2, 3, 4, 5].map(minInsyncReplicasFor)).toEqual([1, 1, 2, 3, 3]);
});

test.each([
  [1, undefined, 1, 1],
  [2, undefined, 2, 1],
  [3, undefined, 3, 2],
  [5, undefined, 3, 2],
  [5, 5, 5, 3],
  [3, 1, 1, 1],
])(
  '%i brokers, KAFKA_REPLICATION_FACTOR=%p: factor %i, min.insync.replicas %i',
  async (brokers, configured, rf, isr) => {
    expect(await resolveTopicReplication(adminWith(brokers), configured, quiet)).toEqual({
      replicationFactor: rf,
      minInsyncReplicas: isr,
    });
  },
);

test('a factor above the live brokers is warned about, not silently lowered', async () => {
  const warnings: unknown[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
  expect((await resolveTopicReplication(adminWith(1), 3, logger)).replicationFactor).toBe(3);
  expect(warnings).toEqual([expect.objectContaining({ replicationFactor: 3, brokers: 1 })]);
});

test('under-replicated topics are logged one by one and counted once each', async () => {
  const warnings: { topic?: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
  const metrics = createMetricsRegistry('t', { defaultMetrics: false });
  reportUnderReplicated([{ topic: 'a', replicas: 1 }], 3, { logger, metrics });
  reportUnderReplicated(
    [
      { topic: 'a', replicas: 1 },
      { topic: 'b', replicas: 2 },
    ],
    3,
    { logger, metrics },
  );
  expect(warnings.map((w) => w.topic)).toEqual(['a', 'a', 'b']);
  expect(await metrics.getSingleMetricAsString('kafka_topics_under_replicated')).toMatch(
    /kafka_topics_under_replicated\{service="t"\} 2/,
  );
});
