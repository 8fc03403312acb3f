import { ConfigError } from '@mdp/runtime/config';
import { loadConfig } from './config';

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
      SINK_FLUSH_INTERVAL: '2s',
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
    expect(() => loadConfig({ ...required, SINK_RETRY_BASE: '10s', SINK_RETRY_MAX: '1s' })).toThrow(
      /SINK_RETRY_BASE/,
    );
    expect(() =>
      loadConfig({ ...required, KAFKA_HEARTBEAT_INTERVAL: '5s', KAFKA_SESSION_TIMEOUT: '10s' }),
    ).toThrow(/KAFKA_HEARTBEAT_INTERVAL/);
  });
});
