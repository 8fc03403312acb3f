import { ConfigError } from '@mdp/runtime/config';
import { loadConfig } from '../config';
import { coindeskPairs } from './coindesk/coindesk-source';

const base = { KAFKA_BROKERS: '127.0.0.1:9092' };

describe('source selection (PRODUCER_SOURCES)', () => {
  it('runs CryptoCompare alone by default, as before', () => {
    expect(loadConfig(base).sourceNames).toEqual(['cryptocompare']);
  });

  it('takes several sources, each with its own pairs', () => {
    const c = loadConfig({
      ...base,
      PRODUCER_SOURCES: ' Coinbase, cryptocompare ,coinbase',
      PRODUCER_PAIRS: 'BTC-USD',
      COINBASE_PAIRS: 'eth-usd, SOL-USD',
    });
    expect(c.sourceNames).toEqual(['coinbase', 'cryptocompare']);
    expect(c.coinbase.pairs).toEqual([
      { market: 'COINBASE', base: 'ETH', quote: 'USD' },
      { market: 'COINBASE', base: 'SOL', quote: 'USD' },
    ]);
  });

  it('puts CoinDesk instruments under the index family chosen, and keeps its key a secret', () => {
    const c = loadConfig({
      ...base,
      PRODUCER_SOURCES: 'coindesk',
      COINDESK_MARKET: 'ccix',
      COINDESK_PAIRS: 'BTC-EUR',
      COINDESK_API_KEY: 'cd-key-123456',
    });
    expect(coindeskPairs(c)).toEqual([{ market: 'CCIX', base: 'BTC', quote: 'EUR' }]);
    expect(JSON.stringify(c)).not.toContain('cd-key-123456');
    expect(() => loadConfig({ ...base, COINDESK_MARKET: 'cccagg' })).toThrow(ConfigError);
  });

  it('refuses unknown sources, an empty list, products with another market, and a pair two sources serve', () => {
    expect(() => loadConfig({ ...base, PRODUCER_SOURCES: 'kraken' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PRODUCER_SOURCES: ' , ' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({ ...base, PRODUCER_SOURCES: 'coinbase', COINBASE_PAIRS: 'BINANCE:BTC-USD' }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        ...base,
        PRODUCER_SOURCES: 'cryptocompare,coinbase',
        PRODUCER_PAIRS: 'COINBASE:BTC-USD',
        COINBASE_PAIRS: 'BTC-USD',
      }),
    ).toThrow(/also served by the coinbase source: COINBASE:BTC-USD/);
  });
});
