import { inspect } from 'node:util';
import { z } from 'zod';
import { ConfigError, configMarkdownTable, describeConfig, loadConfig } from './config';
import {
  boolVar,
  customVar,
  durationVar,
  enumVar,
  intVar,
  kafkaBrokersVar,
  listVar,
  logLevelVar,
  optional,
  portVar,
  secretVar,
  stringVar,
  urlVar,
} from './config-vars';
import { Secret } from './secret';

const shape = {
  kafka: { brokers: kafkaBrokersVar(), clientId: stringVar('KAFKA_CLIENT_ID', { default: 'svc' }) },
  http: { port: portVar('HTTP_PORT', { default: 8080, description: 'health port' }) },
  batchSize: intVar('BATCH_SIZE', { min: 1, max: 1000, default: 100 }),
  pollInterval: durationVar('POLL_INTERVAL_MS', { default: 5000, min: 100 }),
  dryRun: boolVar('DRY_RUN', { default: false }),
  mode: enumVar('MODE', ['rest', 'stream', 'replay'], { default: 'rest' }),
  symbols: listVar('SYMBOLS', { default: ['BTC', 'ETH'] }),
  apiKey: optional(secretVar('API_KEY', { description: 'CryptoCompare key' })),
  logLevel: logLevelVar(),
};

describe('loadConfig', () => {
  it('applies defaults and coerces values', () => {
    const config = loadConfig(shape, {
      KAFKA_BROKERS: 'a:9092, b:9093',
      POLL_INTERVAL_MS: '2000',
      DRY_RUN: 'yes',
    });
    expect(config).toEqual({
      kafka: { brokers: ['a:9092', 'b:9093'], clientId: 'svc' },
      http: { port: 8080 },
      batchSize: 100,
      pollInterval: 2000,
      dryRun: true,
      mode: 'rest',
      symbols: ['BTC', 'ETH'],
      apiKey: undefined,
      logLevel: 'info',
    });
  });

  it('returns a deep-frozen object', () => {
    const config = loadConfig(shape, { KAFKA_BROKERS: 'a:9092' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kafka)).toBe(true);
    expect(Object.isFrozen(config.kafka.brokers)).toBe(true);
    expect(() => {
      (config.kafka.brokers as string[]).push('x:1');
    }).toThrow(TypeError);
  });

  it('treats empty and blank variables as unset', () => {
    const config = loadConfig(shape, { KAFKA_BROKERS: 'a:9092', BATCH_SIZE: '', MODE: '  ' });
    expect(config.batchSize).toBe(100);
    expect(config.mode).toBe('rest');
  });

  it('reports every problem at once', () => {
    const env = {
      HTTP_PORT: '70000',
      BATCH_SIZE: '1.5',
      POLL_INTERVAL_MS: 'soon',
      DRY_RUN: 'maybe',
      MODE: 'x',
    };
    let error: unknown;
    try {
      loadConfig(shape, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.variable)).toEqual([
      'KAFKA_BROKERS',
      'HTTP_PORT',
      'BATCH_SIZE',
      'POLL_INTERVAL_MS',
      'DRY_RUN',
      'MODE',
    ]);
    expect(problems[0]?.reason).toBe('is required but not set');
    expect(problems[1]?.reason).toBe('must be <= 65535 (got "70000")');
    expect(problems[2]?.reason).toContain('must be an integer');
    expect(problems[5]?.reason).toContain('must be one of rest, stream, replay');
    expect((error as Error).message).toContain('6 problems');
    expect((error as Error).message).toContain('  - HTTP_PORT: must be <= 65535');
  });

  it('validates each broker as host:port', () => {
    const run = (brokers: string) => () => loadConfig({ b: kafkaBrokersVar() }, { KAFKA_BROKERS: brokers });
    expect(run('localhost:9092,10.0.0.1:1,[::1]:65535')()).toEqual({
      b: ['localhost:9092', '10.0.0.1:1', '[::1]:65535'],
    });
    for (const bad of ['localhost', 'host:0', 'host:70000', 'ho st:1', ':9092', 'a:9092,b']) {
      expect(run(bad)).toThrow(/KAFKA_BROKERS: each broker must be host:port/);
    }
    expect(run(' , ')).toThrow(/KAFKA_BROKERS: must list at least 1 item/);
  });

  it('reads durations as integer milliseconds within bounds', () => {
    const load = (v: string) => loadConfig({ d: durationVar('D_MS', { min: 100 }) }, { D_MS: v }).d;
    expect(load('250')).toBe(250);
    expect(load('3600000')).toBe(3_600_000);
    expect(() => load('50')).toThrow(/D_MS: must be at least 100 ms \(got "50"\)/);
    expect(() => load('-5')).toThrow(/D_MS: must be a whole number of milliseconds \(got "-5"\)/);
    expect(() => load('1.5')).toThrow(/D_MS: must be a whole number of milliseconds \(got "1.5"\)/);
  });

  it('says what a duration with a unit is in milliseconds, and refuses it', () => {
    const load = (v: string) => loadConfig({ d: durationVar('D_MS') }, { D_MS: v }).d;
    expect(() => load('1.5s')).toThrow(/D_MS: must be a whole number of milliseconds \(1.5s is 1500\)/);
    expect(() => load('2m')).toThrow(/\(2m is 120000\)/);
    expect(() => load('1h')).toThrow(/\(1h is 3600000\)/);
    expect(() => load('250ms')).toThrow(/\(250ms is 250\)/);
  });

  it('only defines durations named ..._MS', () => {
    expect(() => durationVar('POLL_INTERVAL')).toThrow(
      'duration variable POLL_INTERVAL must be named ..._MS',
    );
  });

  it('accepts the usual boolean spellings', () => {
    const load = (v: string) => loadConfig({ b: boolVar('B') }, { B: v }).b;
    expect(['true', 'TRUE', '1', 'yes', 'on'].map(load)).toEqual([true, true, true, true, true]);
    expect(['false', '0', 'no', 'Off'].map(load)).toEqual([false, false, false, false]);
  });

  it('never prints a secret, in errors or when the config is logged', () => {
    const config = loadConfig({ key: secretVar('API_KEY') }, { API_KEY: 'hunter2' });
    expect(config.key).toBeInstanceOf(Secret);
    expect(config.key.reveal()).toBe('hunter2');
    expect(JSON.stringify(config)).not.toContain('hunter2');
    expect(`${config.key}`).toBe('[secret]');
    expect(inspect(config)).not.toContain('hunter2');
    const sensitive = { db: urlVar('DATABASE_URL', { protocols: ['postgres:'], sensitive: true }) };
    expect(() => loadConfig(sensitive, { DATABASE_URL: 'mysql://u:pw@h/db' })).toThrow(
      /DATABASE_URL: must be a URL with protocol postgres:$/,
    );
  });

  it('runs custom zod schemas', () => {
    const v = customVar('RATIO', z.string().transform(Number).pipe(z.number().gt(0).lt(1)));
    expect(loadConfig({ r: v }, { RATIO: '0.25' }).r).toBe(0.25);
    expect(() => loadConfig({ r: v }, { RATIO: '2' })).toThrow(ConfigError);
  });
});

describe('describeConfig', () => {
  it('lists every variable with its default, hiding secrets', () => {
    const rows = describeConfig(shape);
    expect(rows.map((r) => r.variable)).toEqual([
      'KAFKA_BROKERS',
      'KAFKA_CLIENT_ID',
      'HTTP_PORT',
      'BATCH_SIZE',
      'POLL_INTERVAL_MS',
      'DRY_RUN',
      'MODE',
      'SYMBOLS',
      'API_KEY',
      'LOG_LEVEL',
    ]);
    expect(rows[0]).toMatchObject({ path: 'kafka.brokers', required: true, default: undefined });
    expect(rows[2]).toMatchObject({
      path: 'http.port',
      required: false,
      default: '8080',
      description: 'health port',
    });
    expect(rows[4]?.default).toBe('5000');
    expect(rows[7]?.default).toBe('BTC,ETH');
    expect(rows[8]).toMatchObject({ required: false, secret: true });
  });

  it('shows a default that is not a string as it would be set', () => {
    const pairs = customVar(
      'PAIRS',
      z.string().transform(() => [{ base: 'BTC' }]),
      {
        default: [{ base: 'BTC' }, { base: 'ETH' }],
      },
    );
    expect(describeConfig({ p: pairs })[0]?.default).toBe('{"base":"BTC"},{"base":"ETH"}');
    const shown = customVar(
      'PAIRS',
      z.string().transform(() => [{ base: 'BTC' }]),
      {
        default: [{ base: 'BTC' }],
        showDefault: (v) => v.map((p) => p.base).join(','),
      },
    );
    expect(describeConfig({ p: shown })[0]?.default).toBe('BTC');
  });

  it('renders a Markdown table', () => {
    const table = configMarkdownTable({ p: portVar('HTTP_PORT', { default: 8080, description: 'a|b' }) });
    expect(table.split('\n')).toEqual([
      '| variable | required | default | description |',
      '| --- | --- | --- | --- |',
      '| `HTTP_PORT` | no | `8080` | a\\|b |',
    ]);
  });
});
