import { benchSource, sourceEnv, ticksSpec } from './bench-source';

const sim = {
  baseUrl: 'http://s',
  wsUrl: 'ws://s/v2',
  coinbaseRestUrl: 'http://s/coinbase',
  coinbaseWsUrl: 'ws://s/coinbase/ws',
  coindeskBaseUrl: 'http://s/coindesk',
  coindeskWsUrl: 'ws://s/coindesk/streamer',
};

describe('MDP_BENCH_SOURCE', () => {
  it('defaults to cryptocompare and refuses unknown names', () => {
    expect(benchSource({})).toBe('cryptocompare');
    expect(benchSource({ MDP_BENCH_SOURCE: '' })).toBe('cryptocompare');
    expect(benchSource({ MDP_BENCH_SOURCE: 'coindesk' })).toBe('coindesk');
    expect(() => benchSource({ MDP_BENCH_SOURCE: 'binance' })).toThrow(/MDP_BENCH_SOURCE/);
  });

  it('points only the chosen source at the simulator and asks specs of its market', () => {
    expect(sourceEnv('coindesk', sim, ['BTC-USD'])).toMatchObject({
      PRODUCER_SOURCES: 'coindesk',
      COINDESK_WS_URL: 'ws://s/coindesk/streamer',
      COINDESK_PAIRS: 'BTC-USD',
      PRODUCER_REST_ENABLED: 'false',
    });
    expect(sourceEnv('coinbase', sim, ['BTC-USD'])).toMatchObject({
      PRODUCER_SOURCES: 'coinbase',
      COINBASE_WS_URL: 'ws://s/coinbase/ws',
    });
    expect(sourceEnv('cryptocompare', sim, ['BTC-USD'])).toMatchObject({
      PRODUCER_SOURCES: 'cryptocompare',
      CRYPTOCOMPARE_WS_URL: 'ws://s/v2',
      PRODUCER_PAIRS: 'BTC-USD',
    });
    expect(ticksSpec('cryptocompare', 'USD', ['BTC'])).toEqual({
      kind: 'ticks',
      quote: 'USD',
      symbols: ['BTC'],
    });
    expect(ticksSpec('coindesk', 'USD', ['BTC'])).toMatchObject({ market: 'CADLI' });
    expect(ticksSpec('coinbase', 'USD', ['BTC'])).toMatchObject({ market: 'COINBASE' });
  });
});
