import { ConfigError } from '@mdp/runtime/config';
import { loadConfig } from './config';

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
    expect(() => loadConfig({ ...base, WEBHOOK_RETRY_BASE: '5s', WEBHOOK_RETRY_MAX: '1s' })).toThrow(
      /WEBHOOK_RETRY_BASE/,
    );
    expect(() =>
      loadConfig({
        ...base,
        GATEWAY_TOPIC_BUFFER_BYTES: '2000000',
        GATEWAY_TOPIC_BUFFERS_TOTAL_BYTES: '1000000',
      }),
    ).toThrow(/GATEWAY_TOPIC_BUFFER_BYTES/);
  });
});
