import { ConfigError, describeConfig } from '@mdp/runtime/config';
import { renamesInto } from '@mdp/runtime/renamed-vars';
import { configShape, loadConfig } from './config';

const base = { KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadConfig', () => {
  it('has defaults for everything but the brokers', () => {
    const c = loadConfig(base);
    expect(c.cryptocompare.baseUrl).toBe('https://min-api.cryptocompare.com');
    expect(c.cryptocompare.wsUrl).toBe('wss://streamer.cryptocompare.com/v2');
    expect(c.cryptocompare.apiKey).toBeUndefined();
    expect(c.pairs.map((p) => `${p.base}-${p.quote}`)).toEqual(['BTC-USD', 'ETH-USD']);
    expect(c.httpPort).toBe(9101);
    expect(c.reconnectMinMs).toBe(5_000);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('parses pairs, specs and durations', () => {
    const c = loadConfig({
      ...base,
      PRODUCER_PAIRS: 'btc-usd, COINBASE:ETH-EUR,BTC-USD',
      PRODUCER_DYNAMIC_SPECS: '[{"kind":"ticks","symbols":["eth","BTC"],"quote":"usd"}]',
      PRODUCER_POLL_INTERVAL_MS: '2000',
      CRYPTOCOMPARE_API_KEY: 'abcdef123456',
    });
    expect(c.pairs).toEqual([
      { market: 'CCCAGG', base: 'BTC', quote: 'USD' },
      { market: 'COINBASE', base: 'ETH', quote: 'EUR' },
    ]);
    expect(c.dynamicSpecs).toEqual([
      { kind: 'ticks', symbols: ['BTC', 'ETH'], quote: 'USD', market: 'CCCAGG', samplingMs: 0 },
    ]);
    expect(c.pollIntervalMs).toBe(2_000);
    expect(c.cryptocompare.apiKey?.reveal()).toBe('abcdef123456');
    expect(JSON.stringify(c)).not.toContain('abcdef123456');
  });

  it('reports every problem at once, never showing the key', () => {
    try {
      loadConfig({
        PRODUCER_PAIRS: 'BTCUSD',
        PRODUCER_DYNAMIC_SPECS: '[{"kind":"nope"}]',
        PRODUCER_STREAM_RECONNECT_MIN_MS: '1000',
        CRYPTOCOMPARE_API_KEY: 'k',
      });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const vars = (e as ConfigError).problems.map((p) => p.variable).sort();
      expect(vars).toEqual([
        'KAFKA_BROKERS',
        'PRODUCER_DYNAMIC_SPECS',
        'PRODUCER_PAIRS',
        'PRODUCER_STREAM_RECONNECT_MIN_MS',
      ]);
    }
  });
});

describe('variable names', () => {
  const renames = renamesInto(describeConfig(configShape).map((d) => d.variable));

  it('refuses each old name still set, naming its replacement', () => {
    expect(renames).toHaveLength(15);
    for (const [oldName, newName] of renames) {
      expect(() => loadConfig({ ...base, [oldName]: '1000' })).toThrow(
        `${oldName}: was renamed: set ${newName}`,
      );
    }
  });

  it('reads the shared Kafka settings and the producer durations under their new names', () => {
    const c = loadConfig({
      ...base,
      KAFKA_CLIENT_ID: 'producer-2',
      KAFKA_REQUEST_TIMEOUT_MS: '5000',
      PRODUCER_LINGER_MS: '20',
      PRODUCER_FAILED_PAIR_RETRY_MS: '60000',
    });
    expect(c.kafka).toMatchObject({ clientId: 'producer-2', requestTimeoutMs: 5_000, lingerMs: 20 });
    expect(c.failedPairRetryMs).toBe(60_000);
    expect(loadConfig(base).kafka.clientId).toBe('producer');
  });

  it('reads the Kafka start-up retry budget, 8 tries by default, at least 1', () => {
    expect(loadConfig(base).startRetry).toEqual({ attempts: 8, baseMs: 200, maxMs: 5_000 });
    const c = loadConfig({
      ...base,
      PRODUCER_START_RETRY_ATTEMPTS: '3',
      PRODUCER_START_RETRY_BASE_MS: '50',
      PRODUCER_START_RETRY_MAX_MS: '1000',
    });
    expect(c.startRetry).toEqual({ attempts: 3, baseMs: 50, maxMs: 1_000 });
    expect(() => loadConfig({ ...base, PRODUCER_START_RETRY_ATTEMPTS: '0' })).toThrow(
      /PRODUCER_START_RETRY_ATTEMPTS/,
    );
  });
});
