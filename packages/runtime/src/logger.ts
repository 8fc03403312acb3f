import { logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';
import pino from 'pino';
import { redactUrl } from './redact-url';

export type Logger = pino.Logger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const SECRET_KEYS = ['apiKey', 'api_key', 'token', 'accessToken', 'password', 'secret', 'authorization'];
const HEADER_KEYS = ['authorization', 'cookie', '"set-cookie"', '"x-api-key"'];

/** Field paths whose values are replaced by `[redacted]` wherever they appear in a log line. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`]),
  ...HEADER_KEYS.flatMap((k) => [`headers[${k}]`, `*.headers[${k}]`]),
];

export type LoggerOptions = {
  service: string;
  level?: LogLevel;
  /** Where lines go; stdout by default (tests pass a capturing stream). */
  destination?: pino.DestinationStream;
  /** Paths redacted in addition to `REDACT_PATHS`. */
  redact?: readonly string[];
};

/**
 * JSON lines: one event a line, ISO `time`, textual `level`, `service` on every line, secrets
 * redacted (secret fields, headers, and credential query parameters of a `url` field).
 */
export function createLogger(opts: LoggerOptions): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { service: opts.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: {
        err: pino.stdSerializers.err,
        error: pino.stdSerializers.err,
        // A `url` field never carries a key or token, whoever logs it (call sites redact too).
        url: (value: unknown) => (typeof value === 'string' ? redactUrl(value) : value),
      },
      redact: { paths: [...REDACT_PATHS, ...(opts.redact ?? [])], censor: '[redacted]' },
    },
    opts.destination,
  );
}

/** kafkajs level for a pino level, so kafkajs does not build log entries nobody will write. */
export function kafkaLogLevel(level: string): KafkaLogLevel {
  switch (level) {
    case 'trace':
    case 'debug':
      return KafkaLogLevel.DEBUG;
    case 'info':
      return KafkaLogLevel.INFO;
    case 'warn':
      return KafkaLogLevel.WARN;
    case 'silent':
      return KafkaLogLevel.NOTHING;
    default:
      return KafkaLogLevel.ERROR;
  }
}

function pinoMethod(level: KafkaLogLevel): 'error' | 'warn' | 'info' | 'debug' {
  switch (level) {
    case KafkaLogLevel.ERROR:
    case KafkaLogLevel.NOTHING:
      return 'error';
    case KafkaLogLevel.WARN:
      return 'warn';
    case KafkaLogLevel.INFO:
      return 'info';
    default:
      return 'debug';
  }
}

/** Sends kafkajs's own logs through pino (`component: "kafkajs"`, its namespace, its extra fields). */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      child[pinoMethod(level)]({ namespace, ...extra }, message);
    };
}
