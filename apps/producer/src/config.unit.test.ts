import { ConfigError } from '@mdp/runtime/config';
import { loadConfig } from './config';

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
      PRODUCER_POLL_INTERVAL: '2s',
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
        PRODUCER_STREAM_RECONNECT_MIN: '1s',
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
        'PRODUCER_STREAM_RECONNECT_MIN',
      ]);
    }
  });
});
