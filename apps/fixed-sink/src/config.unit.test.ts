import { ConfigError, describeConfig } from '@mdp/runtime/config';
import { renamesInto } from '@mdp/runtime/renamed-vars';
import { configShape, loadConfig } from './config';

const required = { KAFKA_BROKERS: 'localhost:9092', DATABASE_URL: 'postgres://u@db:5432/market' };

describe('loadConfig', () => {
  it('applies the defaults and derives the group from the namespace', () => {
    const config = loadConfig({ ...required, TOPIC_NAMESPACE: 'staging' });
    expect(config).toMatchObject({
      groupId: 'staging.fixed-sink',
      http: { port: 9103 },
      batch: { size: 30_000, flushIntervalMs: 0, maxBuffered: 60_000 },
      retry: { baseMs: 200, maxMs: 30_000 },
      timescale: {
        ticksChunkMs: 86_400_000,
        compressAfterMs: 7 * 86_400_000,
        ticksRetentionMs: 90 * 86_400_000,
      },
    });
    expect(loadConfig(required).groupId).toBe('fixed-sink');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads durations and overrides', () => {
    const config = loadConfig({
      ...required,
      SINK_FLUSH_INTERVAL_MS: '2000',
      SINK_BATCH_SIZE: '500',
      SINK_GROUP_ID: 'g1',
    });
    expect(config.batch).toMatchObject({ flushIntervalMs: 2000, size: 500 });
    expect(config.groupId).toBe('g1');
  });

  it('reports every problem at once, without printing the database URL', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://secret@db', SINK_BATCH_SIZE: '0', TOPIC_NAMESPACE: 'Bad NS' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'SINK_BATCH_SIZE', 'TOPIC_NAMESPACE']);
    expect((error as Error).message).not.toContain('secret');
  });

  it('refuses retry and heartbeat settings that contradict each other', () => {
    expect(() => loadConfig({ ...required, SINK_RETRY_BASE_MS: '10000', SINK_RETRY_MAX_MS: '1000' })).toThrow(
      /SINK_RETRY_BASE_MS/,
    );
    expect(() =>
      loadConfig({ ...required, KAFKA_HEARTBEAT_INTERVAL_MS: '5000', KAFKA_SESSION_TIMEOUT_MS: '10000' }),
    ).toThrow(/KAFKA_HEARTBEAT_INTERVAL_MS/);
  });
});

describe('variable names', () => {
  const renames = renamesInto(describeConfig(configShape).map((d) => d.variable));

  it('refuses each old name still set, naming its replacement', () => {
    expect(renames).toHaveLength(20);
    for (const [oldName, newName] of renames) {
      expect(() => loadConfig({ ...required, [oldName]: '1000' })).toThrow(
        `${oldName}: was renamed: set ${newName}`,
      );
    }
  });

  it('reads the shared Kafka settings and the sink durations under their new names', () => {
    const c = loadConfig({
      ...required,
      KAFKA_SESSION_TIMEOUT_MS: '12000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '4000',
      KAFKA_CONNECTION_TIMEOUT_MS: '1500',
      SINK_FETCH_MAX_WAIT_MS: '100',
      SINK_FETCH_MAX_BYTES_PER_PARTITION: '2048',
      SINK_DRAIN_TIMEOUT_MS: '5000',
      TIMESCALE_TICKS_RETENTION_MS: '0',
    });
    expect(c.kafka).toMatchObject({
      clientId: 'fixed-sink',
      sessionTimeoutMs: 12_000,
      heartbeatIntervalMs: 4_000,
      connectionTimeoutMs: 1_500,
      maxWaitMs: 100,
      maxBytesPerPartition: 2048,
    });
    expect(c.drainTimeoutMs).toBe(5_000);
    expect(c.timescale.ticksRetentionMs).toBe(0);
    expect(() => loadConfig({ ...required, SINK_DRAIN_TIMEOUT_MS: '10s' })).toThrow(
      'SINK_DRAIN_TIMEOUT_MS: must be a whole number of milliseconds (10s is 10000)',
    );
  });
});
