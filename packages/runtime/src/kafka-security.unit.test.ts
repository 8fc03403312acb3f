import { inspect } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { kafkaClusterVars, kafkaSecurityOptions } from './kafka-security';

const shape = { kafka: kafkaClusterVars() };
const files: Record<string, string> = {
  '/certs/ca.pem': 'CA-PEM',
  '/certs/client.pem': 'CLIENT-CERT',
  '/certs/client.key': 'CLIENT-KEY',
};
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  return text;
};
const options = (env: Record<string, string>) =>
  kafkaSecurityOptions(loadConfig(shape, env).kafka.security, readFile);
const problems = (env: Record<string, string>) => {
  try {
    options(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
  }
  throw new Error('expected a ConfigError');
};

test('nothing set: plain TCP, no SASL, replication from the cluster', () => {
  expect(options({})).toEqual({});
  expect(loadConfig(shape, {}).kafka.replicationFactor).toBeUndefined();
  expect(loadConfig(shape, { KAFKA_REPLICATION_FACTOR: '3' }).kafka.replicationFactor).toBe(3);
  expect(() => loadConfig(shape, { KAFKA_REPLICATION_FACTOR: '0' })).toThrow(ConfigError);
});

test('KAFKA_TLS alone trusts the system CAs', () => {
  expect(options({ KAFKA_TLS: 'true' })).toEqual({ ssl: true });
});

test('a CA file and a client certificate become kafkajs ssl options that verify the broker', () => {
  expect(
    options({
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: '/certs/ca.pem',
      KAFKA_TLS_CERT_FILE: '/certs/client.pem',
      KAFKA_TLS_KEY_FILE: '/certs/client.key',
      KAFKA_TLS_KEY_PASSWORD: 'key-pass',
    }),
  ).toEqual({
    ssl: {
      ca: ['CA-PEM'],
      cert: 'CLIENT-CERT',
      key: 'CLIENT-KEY',
      passphrase: 'key-pass',
      rejectUnauthorized: true,
    },
  });
});

test.each(['plain', 'scram-sha-256', 'scram-sha-512'])('SASL %s with user and password', (mechanism) => {
  expect(
    options({
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: 'gateway',
      KAFKA_SASL_PASSWORD: 's3cret',
    }),
  ).toEqual({ sasl: { mechanism, username: 'gateway', password: 's3cret' } });
});

test('inconsistent settings are all reported, naming variables, never the secrets', () => {
  const error = problems({
    KAFKA_TLS_CA_FILE: '/certs/ca.pem',
    KAFKA_TLS_CERT_FILE: '/certs/client.pem',
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_PASSWORD: 'hunter2-secret',
  });
  expect(error.problems.map((p) => p.variable).sort()).toEqual([
    'KAFKA_SASL_USERNAME',
    'KAFKA_TLS_CA_FILE',
    'KAFKA_TLS_CERT_FILE',
    'KAFKA_TLS_CERT_FILE',
  ]);
  expect(error.message).not.toContain('hunter2');
});

test('an unreadable file is a problem with its path', () => {
  const error = problems({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/certs/missing.pem' });
  expect(error.problems).toEqual([
    { variable: 'KAFKA_TLS_CA_FILE', reason: 'cannot read /certs/missing.pem (ENOENT)' },
  ]);
});

test('an unknown mechanism is refused; the password never shows in the config or its errors', () => {
  expect(() => options({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM/);
  const config = loadConfig(shape, {
    KAFKA_SASL_MECHANISM: 'plain',
    KAFKA_SASL_USERNAME: 'u',
    KAFKA_SASL_PASSWORD: 'hunter2-secret',
    KAFKA_TLS_KEY_PASSWORD: 'key-secret',
  });
  const shown = `${JSON.stringify(config)} ${inspect(config, { depth: 5 })}`;
  expect(shown).not.toContain('hunter2');
  expect(shown).not.toContain('key-secret');
});
