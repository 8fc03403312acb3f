import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { javaExecutable } from './java-runtime';
import { type LocalKafka, startLocalKafka } from './kafka-broker';
import { kafkaAnswers } from './kafka-readiness';
import { silentProgress } from './progress';
import { uniqueName } from './unique-name';

jest.setTimeout(180_000);

// This file starts a broker of its own from the Maven jars. On a Docker-only machine
// (no Java) there is nothing to test here: the shared broker comes from a container.
const javaMissing = spawnSync(javaExecutable(), ['-version']).status !== 0;
const describeLocal = javaMissing ? describe.skip : describe;
if (javaMissing) console.warn('kafka-broker.int.test.ts skipped: no Java to run the local broker');

describeLocal('a local Kafka broker', () => {
  let broker: LocalKafka;

  beforeAll(async () => {
    broker = await startLocalKafka({ progress: silentProgress });
  });

  afterAll(async () => {
    const dataDir = broker?.dataDir;
    await broker?.stop();
    if (dataDir) expect(existsSync(dataDir)).toBe(false);
  });

  test('keeps its port and its data across pause and resume', async () => {
    expect(broker.version).toMatch(/^\d+\.\d+\.\d+$/);
    const kafka = new Kafka({
      clientId: 'broker-restart-test',
      brokers: [...broker.brokers],
      logLevel: logLevel.NOTHING,
    });
    const topic = uniqueName('it_survivor');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'before the pause' }] });
    await producer.disconnect();

    await broker.pause();
    expect(await kafkaAnswers(broker.brokers)).toBe(false);
    await broker.resume();
    expect(await kafkaAnswers(broker.brokers)).toBe(true);

    const again = kafka.admin();
    await again.connect();
    try {
      expect(await again.listTopics()).toContain(topic);
      expect(await again.fetchTopicOffsets(topic)).toEqual([
        expect.objectContaining({ partition: 0, high: '1', low: '0' }),
      ]);
    } finally {
      await again.disconnect();
    }
  });

  test('restart() brings it back on the same address', async () => {
    const before = [...broker.brokers];
    await broker.restart();
    expect(broker.brokers).toEqual(before);
    expect(await kafkaAnswers(broker.brokers)).toBe(true);
  });
});
