import { loadCliOptions } from './cli-config';

describe('loadCliOptions', () => {
  it('reads flags, falls back to SIM_* env vars, and lets flags win', () => {
    const options = loadCliOptions(['--port', '9000', '--pairs', 'BTC-USD, ETH-EUR', '--tick-rate', '2.5'], {
      SIM_SEED: '42',
      SIM_PORT: '1',
      SIM_RATE_LIMIT: 'second=5,minute=100',
      SIM_API_KEY: 'k',
    });
    expect(options).toEqual({
      port: 9000,
      pairs: ['BTC-USD', 'ETH-EUR'],
      tickRate: 2.5,
      seed: 42,
      apiKey: 'k',
      rateLimit: { second: 5, minute: 100 },
    });
  });

  it('defaults to port 8090', () => {
    expect(loadCliOptions([], {})).toEqual({ port: 8090 });
  });

  it('reports every problem at once', () => {
    expect(() => loadCliOptions(['--port', 'abc', '--tick-rate=-1', '--rate-limit', 'weekly=3'], {})).toThrow(
      /port.*not a number[\s\S]*rate-limit part "weekly=3"/,
    );
  });

  it('refuses unknown flags', () => {
    expect(() => loadCliOptions(['--colour', 'red'], {})).toThrow();
  });
});
