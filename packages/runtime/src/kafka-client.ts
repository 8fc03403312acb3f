import { Kafka, type KafkaConfig, type RetryOptions } from 'kafkajs';
import { kafkaLogCreator, kafkaLogLevel, type Logger } from './logger';

/**
 * Retries of one kafkajs operation: 300 ms growing to at most 30 s between tries, 8 tries (about a
 * minute and a half), after which the error reaches the caller, whose machine backs off and retries.
 */
export const DEFAULT_KAFKA_RETRY: Readonly<RetryOptions> = Object.freeze({
  initialRetryTime: 300,
  maxRetryTime: 30_000,
  factor: 0.2,
  multiplier: 2,
  retries: 8,
});

/** Longest wait for a connection to a broker, and for its answer to one request. */
export const DEFAULT_KAFKA_CONNECTION_TIMEOUT_MS = 3_000;
export const DEFAULT_KAFKA_REQUEST_TIMEOUT_MS = 30_000;

export type KafkaClientOptions = {
  clientId: string;
  brokers: readonly string[];
  logger: Logger;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retry?: RetryOptions;
  /** TLS/SASL for managed clusters; plain TCP when absent. */
  ssl?: KafkaConfig['ssl'];
  sasl?: KafkaConfig['sasl'];
};

/** A kafkajs client whose logs go through pino at the logger's level. */
export function createKafka(opts: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: opts.clientId,
    brokers: [...opts.brokers],
    connectionTimeout: opts.connectionTimeoutMs ?? DEFAULT_KAFKA_CONNECTION_TIMEOUT_MS,
    requestTimeout: opts.requestTimeoutMs ?? DEFAULT_KAFKA_REQUEST_TIMEOUT_MS,
    retry: { ...DEFAULT_KAFKA_RETRY, ...opts.retry },
    logLevel: kafkaLogLevel(opts.logger.level),
    logCreator: kafkaLogCreator(opts.logger),
    ...(opts.ssl === undefined ? {} : { ssl: opts.ssl }),
    ...(opts.sasl === undefined ? {} : { sasl: opts.sasl }),
  });
}
