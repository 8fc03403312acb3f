import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { findFreePort } from '@mdp/local-infra/free-port';
import { testInfra } from '@mdp/local-infra/test-env';
import { readyStatus } from './harness/http';
import { deleteTopics, testKafka } from './harness/kafka';
import { createLogDir } from './harness/log-dir';
import { entryPoint } from './harness/repo-paths';
import { createServiceProcess } from './harness/service-process';
import { waitFor } from './harness/wait';

// Reproduction of a producer start race, opt-in (MDP_E2E_REPRO=1) until it is fixed. On a fresh
// namespace the producer and the fixed-sink both create the fixed topics; the producer then reads
// the tail of the candles topic (apps/producer/src/kafka/candle-resume.ts, admin.fetchTopicOffsets).
// Right after creation the broker may still answer ListOffsets with NOT_LEADER_FOR_PARTITION;
// start() throws and main exits 1 ("producer failed to start") instead of retrying.
async function racingCreate(kafka: ReturnType<typeof testKafka>, namespace: string) {
  const admin = kafka.admin();
  await admin.connect();
  const topics = ['market.ticks.v1', 'market.candles.1m.v1'].map((t) => ({
    topic: `${namespace}.${t}`,
    numPartitions: 6,
  }));
  await admin.createTopics({ topics, waitForLeaders: false }).catch(() => {});
  await admin.disconnect();
}

const describeRepro = process.env.MDP_E2E_REPRO === '1' ? describe : describe.skip;

describeRepro('repro: the producer starts on a namespace whose topics it has to create', () => {
  test('ten fresh starts all become ready', async () => {
    const infra = testInfra();
    const kafka = testKafka(infra.kafkaBrokers);
    const logDir = createLogDir('repro-producer');
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const namespace = `e2e-repro-${randomBytes(3).toString('hex')}`;
      const port = await findFreePort();
      const producer = createServiceProcess({
        name: 'producer',
        script: entryPoint('producer'),
        env: {
          KAFKA_BROKERS: infra.kafkaBrokers.join(','),
          TOPIC_NAMESPACE: namespace,
          HTTP_PORT: String(port),
          // Nothing answers here: the race happens before the first call to the source.
          CRYPTOCOMPARE_BASE_URL: 'http://127.0.0.1:9',
          CRYPTOCOMPARE_WS_URL: 'ws://127.0.0.1:9/v2',
        },
        logFile: join(logDir, `producer-${i}.log`),
      });
      producer.start();
      // Another service (the fixed-sink does this at its start) creates the same topics meanwhile.
      await racingCreate(kafka, namespace);
      const outcome = await waitFor(
        async () => {
          if (!producer.running) return `exited ${JSON.stringify(producer.exits.at(-1))}`;
          return (await readyStatus(`http://127.0.0.1:${port}`)) === 200 && 'ready';
        },
        { what: 'the producer to be ready or gone', timeoutMs: 60_000 },
      );
      outcomes.push(outcome);
      await producer.kill('SIGTERM');
      await deleteTopics(kafka, `${namespace}.`).catch(() => {});
    }
    console.log(`repro: producer starts ${outcomes.join(', ')} (logs in ${logDir})`);
    expect(outcomes.filter((o) => o !== 'ready')).toEqual([]);
  });
});
