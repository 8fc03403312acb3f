import { describeConfig, loadConfig } from './config';
import { kafkaClientOptions, kafkaGroupProblems, kafkaGroupVars, kafkaVars } from './kafka-config';

const shape = { kafka: kafkaVars({ clientId: 'svc' }) };

describe('kafkaVars', () => {
  it('reads the shared KAFKA_* settings with their defaults', () => {
    const { kafka } = loadConfig(shape, { KAFKA_BROKERS: 'a:9092,b:9092' });
    expect(kafka).toMatchObject({
      brokers: ['a:9092', 'b:9092'],
      clientId: 'svc',
      connectionTimeoutMs: 3_000,
      requestTimeoutMs: 30_000,
      retries: 8,
      replicationFactor: undefined,
      security: { tls: false },
    });
  });

  it('declares every variable once, all named KAFKA_*', () => {
    const names = describeConfig(shape).map((d) => d.variable);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.startsWith('KAFKA_'))).toBe(true);
    expect(names).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS',
        'KAFKA_CLIENT_ID',
        'KAFKA_CONNECTION_TIMEOUT_MS',
        'KAFKA_REQUEST_TIMEOUT_MS',
        'KAFKA_RETRIES',
        'KAFKA_REPLICATION_FACTOR',
        'KAFKA_TLS',
        'KAFKA_SASL_MECHANISM',
      ]),
    );
  });

  it('turns into the kafkajs client options', () => {
    const { kafka } = loadConfig(shape, {
      KAFKA_BROKERS: 'a:9092',
      KAFKA_CLIENT_ID: 'mine',
      KAFKA_CONNECTION_TIMEOUT_MS: '500',
      KAFKA_REQUEST_TIMEOUT_MS: '9000',
      KAFKA_RETRIES: '2',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    });
    expect(kafkaClientOptions(kafka)).toEqual({
      clientId: 'mine',
      brokers: ['a:9092'],
      connectionTimeoutMs: 500,
      requestTimeoutMs: 9000,
      retry: { retries: 2 },
      sasl: { mechanism: 'plain', username: 'u', password: 'p' },
    });
  });

  it('refuses a client id with characters brokers reject', () => {
    expect(() => loadConfig(shape, { KAFKA_BROKERS: 'a:9092', KAFKA_CLIENT_ID: 'a b' })).toThrow(
      /KAFKA_CLIENT_ID: must match/,
    );
  });
});

describe('kafkaGroupVars', () => {
  const group = { g: kafkaGroupVars({ sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000 }) };

  it('takes the service defaults and the shared names', () => {
    expect(loadConfig(group, {}).g).toEqual({ sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000 });
    expect(
      loadConfig(group, { KAFKA_SESSION_TIMEOUT_MS: '30000', KAFKA_HEARTBEAT_INTERVAL_MS: '3000' }).g,
    ).toEqual({ sessionTimeoutMs: 30_000, heartbeatIntervalMs: 3_000 });
  });

  it('wants the heartbeat at most a third of the session', () => {
    expect(kafkaGroupProblems({ sessionTimeoutMs: 3_000, heartbeatIntervalMs: 1_000 })).toEqual([]);
    expect(kafkaGroupProblems({ sessionTimeoutMs: 2_999, heartbeatIntervalMs: 1_000 })).toEqual([
      {
        variable: 'KAFKA_HEARTBEAT_INTERVAL_MS',
        reason: 'must be at most a third of KAFKA_SESSION_TIMEOUT_MS',
      },
    ]);
  });
});
