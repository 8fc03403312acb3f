import type { LocalKafka } from './kafka-broker';
import { silentProgress } from './progress';
import { type InfraStarters, resolveInfra } from './resolve-infra';

/** Fake starters that record what was started and stopped. */
function fakeStarters(dockerHost?: string) {
  const calls: string[] = [];
  const starters: InfraStarters = {
    findDockerHost: async () => {
      calls.push('docker?');
      return dockerHost;
    },
    startContainers: async (wishes) => {
      calls.push(`containers kafka=${wishes.kafka} database=${wishes.database}`);
      return {
        kafkaBrokers: wishes.kafka ? 'localhost:32768' : undefined,
        databaseUrl: wishes.database ? 'postgres://test:test@localhost:32769/test' : undefined,
        stop: async () => {
          calls.push('stop containers');
        },
      };
    },
    startLocalKafka: async () => {
      calls.push('local kafka');
      const broker: LocalKafka = {
        brokers: ['127.0.0.1:40000'],
        version: '4.1.2',
        dataDir: '/tmp/x',
        logFile: '/tmp/x/broker.log',
        pause: async () => {},
        resume: async () => {},
        restart: async () => {},
        stop: async () => {
          calls.push('stop local kafka');
        },
      };
      return broker;
    },
    ensureLocalPostgres: async () => {
      calls.push('local postgres');
      return 'postgres://postgres@127.0.0.1:5432/postgres';
    },
  };
  return { calls, starters };
}

const progress = silentProgress;

test('1. KAFKA_BROKERS and DATABASE_URL from the environment win: nothing is started', async () => {
  const { calls, starters } = fakeStarters('unix:///var/run/docker.sock');
  const env = { KAFKA_BROKERS: 'b1:9092,b2:9092', DATABASE_URL: 'postgres://u@db/x' };
  const infra = await resolveInfra({ env, progress }, starters);
  expect(infra).toMatchObject({
    kafkaBrokers: 'b1:9092,b2:9092',
    databaseUrl: 'postgres://u@db/x',
    source: 'env',
  });
  await infra.stop();
  expect(calls).toEqual([]);
});

test('2. with a Docker engine answering, containers are started (and stopped)', async () => {
  const { calls, starters } = fakeStarters('unix:///var/run/docker.sock');
  const infra = await resolveInfra({ env: {}, progress }, starters);
  expect(infra).toMatchObject({
    kafkaBrokers: 'localhost:32768',
    databaseUrl: 'postgres://test:test@localhost:32769/test',
    source: 'containers',
  });
  await infra.stop();
  expect(calls).toEqual(['docker?', 'containers kafka=true database=true', 'stop containers']);
});

test('3. without Docker, the local broker and the local PostgreSQL are used', async () => {
  const { calls, starters } = fakeStarters(undefined);
  const infra = await resolveInfra({ env: {}, progress }, starters);
  expect(infra).toMatchObject({
    kafkaBrokers: '127.0.0.1:40000',
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
    source: 'local',
  });
  expect(infra.localKafka?.version).toBe('4.1.2');
  await infra.stop();
  expect(calls).toEqual(['docker?', 'local postgres', 'local kafka', 'stop local kafka']);
});

test('only what the environment lacks is started', async () => {
  const { calls, starters } = fakeStarters(undefined);
  const infra = await resolveInfra({ env: { DATABASE_URL: 'postgres://u@db/x' }, progress }, starters);
  expect(infra.sources).toEqual({ kafka: 'local', database: 'env' });
  expect(infra.databaseUrl).toBe('postgres://u@db/x');
  await infra.stop();
  expect(calls).toEqual(['docker?', 'local kafka', 'stop local kafka']);

  const withDocker = fakeStarters('unix:///var/run/docker.sock');
  const mixed = await resolveInfra({ env: { KAFKA_BROKERS: 'b:9092' }, progress }, withDocker.starters);
  expect(mixed).toMatchObject({ kafkaBrokers: 'b:9092', sources: { kafka: 'env', database: 'containers' } });
  expect(withDocker.calls).toEqual(['docker?', 'containers kafka=false database=true']);
});

test('MDP_INFRA=local skips the Docker check; MDP_INFRA=containers without Docker fails clearly', async () => {
  const forcedLocal = fakeStarters('unix:///var/run/docker.sock');
  const infra = await resolveInfra({ env: { MDP_INFRA: 'local' }, progress }, forcedLocal.starters);
  expect(infra.source).toBe('local');
  expect(forcedLocal.calls).not.toContain('docker?');

  const noDocker = fakeStarters(undefined);
  await expect(
    resolveInfra({ env: { MDP_INFRA: 'containers' }, progress }, noDocker.starters),
  ).rejects.toThrow(/no Docker engine/);
  await expect(
    resolveInfra({ env: { MDP_INFRA: 'kubernetes' }, progress }, noDocker.starters),
  ).rejects.toThrow(/MDP_INFRA must be/);
});
