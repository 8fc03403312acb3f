import { ConfigError } from './config';
import { EXIT_CODES } from './exit-codes';
import { createLogger, type Logger, type LogLevel } from './logger';
import { onShutdown, type ProcessLike } from './shutdown';

/** What `runService` needs of an app: the `createApp(config, deps)` factory's result. */
export type ServiceApp = {
  /** Connects and listens; rejects on a failed start. */
  start(): Promise<void>;
  /** Drains, commits, disconnects; `reason` is the signal or the crash. */
  stop(reason: string): Promise<void>;
  /** The bound HTTP port once started (the real one with HTTP_PORT=0), 0 before. */
  port(): number;
};

/** What every app receives from the entry point besides its config. */
export type ServiceContext = {
  logger: Logger;
  /**
   * The one crash hook: an app calls it when a root machine fails (its actor's `error` observer) or
   * anything else leaves it beyond repair. The entry point logs it fatal, drains, exits 70.
   */
  onFatal(reason: string, error?: unknown): void;
};

export type ServiceDefinition<C extends { logLevel: LogLevel }> = {
  /** The `service` field of every log line. */
  name: string;
  /** Reads and validates the environment; throws `ConfigError` with every problem. */
  loadConfig(env: NodeJS.ProcessEnv): C;
  createApp(config: C, context: ServiceContext): ServiceApp;
  /** How long stop may take before a forced exit. Default 15 000 ms. */
  shutdownTimeoutMs?: (config: C) => number;
  /** Tests: the environment and the process (signals, exit). */
  env?: NodeJS.ProcessEnv;
  process?: ProcessLike;
};

/**
 * A service's whole `main`: config → logger → app → start, with signals and uncaught errors
 * trapped. Exit codes (`EXIT_CODES`): 2 invalid config (nothing started), 1 failed start (after
 * stopping what started) or a failed/slow stop, 70 a crash after start, 0 a clean stop on a signal.
 * Resolves once started (or once the exit is under way).
 */
export async function runService<C extends { logLevel: LogLevel }>(def: ServiceDefinition<C>): Promise<void> {
  const proc = def.process ?? process;
  let config: C;
  try {
    config = def.loadConfig(def.env ?? process.env);
  } catch (e) {
    const logger = createLogger({ service: def.name });
    if (e instanceof ConfigError) logger.fatal({ problems: e.problems }, 'invalid configuration');
    else logger.fatal({ err: e }, 'invalid configuration');
    proc.exit(EXIT_CODES.badConfig);
    return;
  }
  const logger = createLogger({ service: def.name, level: config.logLevel });
  let app: ServiceApp | undefined;
  const shutdown = onShutdown(logger, (reason) => app?.stop(reason) ?? Promise.resolve(), {
    timeoutMs: def.shutdownTimeoutMs?.(config) ?? 15_000,
    process: proc,
  });
  const onFatal = (reason: string, error?: unknown) => {
    logger.fatal({ err: error, reason }, `${def.name} crashed`);
    void shutdown.shutdown(reason, EXIT_CODES.crash);
  };
  try {
    app = def.createApp(config, { logger, onFatal });
    await app.start();
  } catch (e) {
    logger.fatal({ err: e }, `${def.name} failed to start`);
    await shutdown.shutdown('failed start', EXIT_CODES.failed);
  }
}
