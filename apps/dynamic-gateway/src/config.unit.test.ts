import { ConfigError, describeConfig } from '@mdp/runtime/config';
import { renamesInto } from '@mdp/runtime/renamed-vars';
import { configShape, loadConfig } from './config';

const base = {
  KAFKA_BROKERS: 'localhost:9092',
  GATEWAY_API_KEYS: 'key-one-0123456789ab:app-a,key-two-0123456789ab:app-b',
};

describe('loadConfig', () => {
  it('applies defaults and parses API keys into digests', () => {
    const c = loadConfig(base);
    expect(c.httpPort).toBe(8080);
    expect(c.slowClient).toEqual({
      policy: 'drop-oldest',
      bufferMessages: 1000,
      socketHighWaterBytes: 262_144,
    });
    expect(c.apiKeys.map((k) => k.appId)).toEqual(['app-a', 'app-b']);
    expect(c.apiKeys[0]?.keyHash).toHaveLength(32);
    expect(JSON.stringify(c)).not.toContain('key-one');
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.timing)).toBe(true);
  });

  it('reports every problem at once, never a key', () => {
    try {
      loadConfig({
        GATEWAY_API_KEYS: 'short:app-a',
        TOPIC_NAMESPACE: 'Bad_NS',
        GATEWAY_SLOW_CLIENT_POLICY: 'fastest',
        HTTP_PORT: '99999',
      });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.map((p) => p.variable).sort();
      expect(problems).toEqual([
        'GATEWAY_API_KEYS',
        'GATEWAY_SLOW_CLIENT_POLICY',
        'HTTP_PORT',
        'KAFKA_BROKERS',
        'TOPIC_NAMESPACE',
      ]);
      expect((e as Error).message).not.toContain('short');
    }
  });

  it('checks settings against each other', () => {
    expect(() =>
      loadConfig({ ...base, GATEWAY_CLIENT_BUFFER_MESSAGES: '500', GATEWAY_TOPIC_BUFFER_MESSAGES: '400' }),
    ).toThrow(/GATEWAY_CLIENT_BUFFER_MESSAGES/);
    expect(() =>
      loadConfig({ ...base, WEBHOOK_RETRY_BASE_MS: '5000', WEBHOOK_RETRY_MAX_MS: '1000' }),
    ).toThrow(/WEBHOOK_RETRY_BASE_MS/);
    expect(() =>
      loadConfig({
        ...base,
        GATEWAY_TOPIC_BUFFER_BYTES: '2000000',
        GATEWAY_TOPIC_BUFFERS_TOTAL_BYTES: '1000000',
      }),
    ).toThrow(/GATEWAY_TOPIC_BUFFER_BYTES/);
  });
});

describe('browser settings', () => {
  it('allows no origin and no fixed token secret by default, tokens for 5 minutes', () => {
    const c = loadConfig(base);
    expect(c.browser).toEqual({ corsOrigins: undefined, tokenTtlMs: 300_000, tokenSecret: undefined });
  });

  it('takes exact origins and refuses anything a browser would not send as Origin', () => {
    const origins = 'http://127.0.0.1:5173, https://app.example.com';
    expect(loadConfig({ ...base, GATEWAY_CORS_ORIGINS: origins }).browser.corsOrigins).toEqual([
      'http://127.0.0.1:5173',
      'https://app.example.com',
    ]);
    for (const bad of ['*', 'https://app.example.com/', 'https://app.example.com/path', 'app.example.com'])
      expect(() => loadConfig({ ...base, GATEWAY_CORS_ORIGINS: bad })).toThrow(/GATEWAY_CORS_ORIGINS/);
  });

  it('bounds the token lifetime and wants a long secret it never shows', () => {
    expect(() => loadConfig({ ...base, GATEWAY_TOKEN_TTL_MS: '3600001' })).toThrow(/GATEWAY_TOKEN_TTL_MS/);
    expect(() => loadConfig({ ...base, GATEWAY_TOKEN_TTL_MS: '9999' })).toThrow(/GATEWAY_TOKEN_TTL_MS/);
    expect(() => loadConfig({ ...base, GATEWAY_TOKEN_SECRET: 'short-secret' })).toThrow(
      /GATEWAY_TOKEN_SECRET: must be at least 32 characters/,
    );
    const secret = 's'.repeat(40);
    const c = loadConfig({ ...base, GATEWAY_TOKEN_SECRET: secret });
    expect(c.browser.tokenSecret?.reveal()).toBe(secret);
    expect(JSON.stringify(c)).not.toContain(secret);
  });
});

describe('variable names', () => {
  const renames = renamesInto(describeConfig(configShape).map((d) => d.variable));

  it('refuses each old name still set, naming its replacement', () => {
    expect(renames).toHaveLength(19);
    for (const [oldName, newName] of renames) {
      expect(() => loadConfig({ ...base, [oldName]: '1000' })).toThrow(
        `${oldName}: was renamed: set ${newName}`,
      );
    }
  });

  it('reads the shared Kafka settings and the gateway durations under their new names', () => {
    const c = loadConfig({
      ...base,
      KAFKA_CLIENT_ID: 'gw-1',
      KAFKA_RETRIES: '0',
      GATEWAY_READER_IDLE_MS: '1000',
      WEBHOOK_TIMEOUT_MS: '2500',
      HISTORY_STATEMENT_TIMEOUT_MS: '700',
    });
    expect(c.kafka).toMatchObject({ clientId: 'gw-1', retries: 0, requestTimeoutMs: 30_000 });
    expect(c.timing.readerIdleMs).toBe(1_000);
    expect(c.webhook.timeoutMs).toBe(2_500);
    expect(c.history.statementTimeoutMs).toBe(700);
    expect(loadConfig(base).kafka.clientId).toBe('dynamic-gateway');
  });
});
