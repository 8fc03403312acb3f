import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { ConfigError, type ConfigOf, type ConfigProblem } from './config';
import { boolVar, enumVar, optional, secretVar, stringVar } from './config-vars';
import { replicationFactorVar } from './replication';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** TLS and SASL towards the brokers, the same variables for every service. Unset: plain TCP. */
export function kafkaSecurityVars() {
  return {
    tls: boolVar('KAFKA_TLS', { default: false, description: 'connect to the brokers over TLS' }),
    tlsCaFile: optional(
      stringVar('KAFKA_TLS_CA_FILE', {
        description: 'PEM file of the CA(s) that signed the brokers’ certificates; unset: the system CAs',
      }),
    ),
    tlsCertFile: optional(
      stringVar('KAFKA_TLS_CERT_FILE', {
        description: 'PEM client certificate (mutual TLS), with KAFKA_TLS_KEY_FILE',
      }),
    ),
    tlsKeyFile: optional(
      stringVar('KAFKA_TLS_KEY_FILE', { description: 'PEM private key of the client certificate' }),
    ),
    tlsKeyPassword: optional(
      secretVar('KAFKA_TLS_KEY_PASSWORD', { description: 'passphrase of KAFKA_TLS_KEY_FILE, if encrypted' }),
    ),
    saslMechanism: optional(
      enumVar('KAFKA_SASL_MECHANISM', SASL_MECHANISMS, { description: 'SASL mechanism; unset: no SASL' }),
    ),
    saslUsername: optional(
      stringVar('KAFKA_SASL_USERNAME', { description: 'SASL user (this service’s principal)' }),
    ),
    saslPassword: optional(secretVar('KAFKA_SASL_PASSWORD', { description: 'SASL password' })),
  };
}

export type KafkaSecurityConfig = ConfigOf<ReturnType<typeof kafkaSecurityVars>>;

/** What `createKafka` takes for TLS and SASL. */
export type KafkaSecurityOptions = Pick<KafkaConfig, 'ssl' | 'sasl'>;

type ReadFile = (path: string) => string;
const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8');

/**
 * The kafkajs `ssl` and `sasl` options for a security config. Files are read here, at start; every
 * inconsistency is one `ConfigError` problem that names variables and paths, never a secret.
 */
export function kafkaSecurityOptions(
  config: KafkaSecurityConfig,
  readFile: ReadFile = readUtf8,
): KafkaSecurityOptions {
  const problems: ConfigProblem[] = [];
  const read = (variable: string, path: string): string | undefined => {
    try {
      return readFile(path);
    } catch (e) {
      problems.push({
        variable,
        reason: `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      });
      return undefined;
    }
  };
  const tlsFiles = [
    ['KAFKA_TLS_CA_FILE', config.tlsCaFile],
    ['KAFKA_TLS_CERT_FILE', config.tlsCertFile],
    ['KAFKA_TLS_KEY_FILE', config.tlsKeyFile],
  ] as const;
  if (!config.tls) {
    for (const [variable, value] of tlsFiles) {
      if (value !== undefined) problems.push({ variable, reason: 'is set but KAFKA_TLS is not true' });
    }
  }
  if ((config.tlsCertFile === undefined) !== (config.tlsKeyFile === undefined)) {
    problems.push({ variable: 'KAFKA_TLS_CERT_FILE', reason: 'and KAFKA_TLS_KEY_FILE must be set together' });
  }
  let ssl: KafkaSecurityOptions['ssl'];
  if (config.tls) {
    const ca = config.tlsCaFile === undefined ? undefined : read('KAFKA_TLS_CA_FILE', config.tlsCaFile);
    const cert =
      config.tlsCertFile === undefined ? undefined : read('KAFKA_TLS_CERT_FILE', config.tlsCertFile);
    const key = config.tlsKeyFile === undefined ? undefined : read('KAFKA_TLS_KEY_FILE', config.tlsKeyFile);
    const options = {
      ...(ca === undefined ? {} : { ca: [ca] }),
      ...(cert === undefined || key === undefined ? {} : { cert, key }),
      ...(config.tlsKeyPassword === undefined ? {} : { passphrase: config.tlsKeyPassword.reveal() }),
    };
    // Certificates are always verified: there is no switch to turn that off.
    ssl = Object.keys(options).length === 0 ? true : { ...options, rejectUnauthorized: true };
  }
  let sasl: SASLOptions | undefined;
  if (config.saslMechanism !== undefined) {
    if (config.saslUsername === undefined)
      problems.push({ variable: 'KAFKA_SASL_USERNAME', reason: 'is required with KAFKA_SASL_MECHANISM' });
    if (config.saslPassword === undefined)
      problems.push({ variable: 'KAFKA_SASL_PASSWORD', reason: 'is required with KAFKA_SASL_MECHANISM' });
    if (config.saslUsername !== undefined && config.saslPassword !== undefined) {
      sasl = {
        mechanism: config.saslMechanism,
        username: config.saslUsername,
        password: config.saslPassword.reveal(),
      } as SASLOptions;
    }
  } else if (config.saslUsername !== undefined || config.saslPassword !== undefined) {
    problems.push({
      variable: 'KAFKA_SASL_MECHANISM',
      reason: 'is required with KAFKA_SASL_USERNAME/PASSWORD',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...(ssl === undefined ? {} : { ssl }), ...(sasl === undefined ? {} : { sasl }) };
}

/** Replication and security: the part of `kafkaVars` (kafka-config) about the cluster itself. */
export function kafkaClusterVars() {
  return { replicationFactor: replicationFactorVar(), security: kafkaSecurityVars() };
}
