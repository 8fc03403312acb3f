import { describeConfig } from '@mdp/runtime/config';
import { renamesInto } from '@mdp/runtime/renamed-vars';
import { ConfigError, configShape, loadConfig } from './config';

const base = { KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadConfig', () => {
  it('fills defaults and derives the group id from the namespace', () => {
    const c = loadConfig({ ...base, TOPIC_NAMESPACE: 't-1' });
    expect(c.groupId).toBe('t-1.coordinator');
    expect(c.httpPort).toBe(9102);
    expect(c.topic).toEqual({
      partitions: 3,
      retentionMs: 86_400_000,
      cleanupPolicy: 'delete',
    });
    expect(c.quotas.allowedKinds).toEqual(['ticks', 'candles.1m']);
    // One replication setting for every topic, the cluster's size when unset.
    expect(c.kafka.replicationFactor).toBeUndefined();
    expect(loadConfig({ ...base, KAFKA_REPLICATION_FACTOR: '3' }).kafka.replicationFactor).toBe(3);
    expect(c.adminToken).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
    expect(loadConfig(base).groupId).toBe('coordinator');
  });

  it('parses durations, lists and the admin token (never printed)', () => {
    const c = loadConfig({
      ...base,
      IDLE_RETIRE_MS: '120000',
      QUOTA_ALLOWED_KINDS: 'ticks',
      COORDINATOR_ADMIN_TOKEN: 'a-very-secret-token-1234',
    });
    expect(c.lifecycle.idleRetireMs).toBe(120_000);
    expect(c.quotas.allowedKinds).toEqual(['ticks']);
    expect(c.adminToken?.reveal()).toBe('a-very-secret-token-1234');
    expect(JSON.stringify(c)).not.toContain('a-very-secret-token-1234');
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({
        KAFKA_BROKERS: 'nope',
        DYN_TOPIC_PARTITIONS: '0',
        QUOTA_ALLOWED_KINDS: 'ticks,trades',
        TOPIC_NAMESPACE: 'Bad/NS',
      });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const variables = (e as ConfigError).problems.map((p) => p.variable).sort();
      expect(variables).toEqual([
        'DYN_TOPIC_PARTITIONS',
        'KAFKA_BROKERS',
        'QUOTA_ALLOWED_KINDS',
        'TOPIC_NAMESPACE',
      ]);
    }
  });

  it('checks settings against each other and the token length', () => {
    expect(() =>
      loadConfig({ ...base, KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_HEARTBEAT_INTERVAL_MS: '3000' }),
    ).toThrow(/KAFKA_HEARTBEAT_INTERVAL_MS/);
    expect(() => loadConfig({ ...base, COORDINATOR_ADMIN_TOKEN: 'short' })).toThrow(
      /COORDINATOR_ADMIN_TOKEN/,
    );
    expect(() => loadConfig({ ...base, COORDINATOR_ADMIN_TOKEN: 'short' })).not.toThrow(/short/);
  });
});

describe('variable names', () => {
  const renames = renamesInto(describeConfig(configShape).map((d) => d.variable));

  it('refuses each old name still set, naming its replacement', () => {
    expect(renames).toHaveLength(5);
    for (const [oldName, newName] of renames) {
      expect(() => loadConfig({ ...base, [oldName]: '1000' })).toThrow(
        `${oldName}: was renamed: set ${newName}`,
      );
    }
  });

  it('reads the shared Kafka settings under their KAFKA_* names', () => {
    const c = loadConfig({
      ...base,
      KAFKA_CLIENT_ID: 'coord-1',
      KAFKA_REQUEST_TIMEOUT_MS: '9000',
      KAFKA_RETRIES: '3',
      KAFKA_SESSION_TIMEOUT_MS: '9000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '4000',
    });
    expect(c.kafka).toMatchObject({
      clientId: 'coord-1',
      requestTimeoutMs: 9000,
      retries: 3,
      sessionTimeoutMs: 9000,
      heartbeatIntervalMs: 2000,
    });
    expect(c.httpLimits.requestTimeoutMs).toBe(4000);
    expect(loadConfig(base).kafka).toMatchObject({ clientId: 'coordinator', sessionTimeoutMs: 6000 });
  });
});
