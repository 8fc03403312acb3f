import { EXIT_CODES } from './exit-codes';
import type { Logger } from './logger';

type Listener = (arg: unknown) => void;

/** The part of `process` shutdown handling uses; tests pass a fake so nothing really exits. */
export type ProcessLike = {
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  exit(code: number): void;
};

export type ShutdownTimers = {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export type ShutdownOptions = {
  /** After this long, stop is abandoned and the process exits 1 (or the crash code). Default 10 000 ms. */
  timeoutMs?: number;
  process?: ProcessLike;
  timers?: ShutdownTimers;
};

export type ShutdownHandle = {
  /** Runs stop once (later calls join it) and exits: 0 when it resolves, `code` or 1 otherwise. */
  shutdown(reason: string, code?: number): Promise<void>;
  /** Removes the listeners (tests, or a process that hands over to another handler). */
  dispose(): void;
};

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

const realTimers: ShutdownTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * On SIGTERM/SIGINT runs `stop` once (drain, commit, disconnect) and exits 0 when it resolves, 1 when
 * it throws or outlasts `timeoutMs`; a second signal forces exit 1. An uncaught exception or
 * unhandled rejection is logged as fatal, then stop runs and the process exits 70 (`EXIT_CODES.crash`):
 * never silently. A shutdown that asked for a higher code keeps it whatever happens next.
 */
export function onShutdown(
  logger: Logger,
  stop: (reason: string) => Promise<void>,
  opts: ShutdownOptions = {},
): ShutdownHandle {
  const proc: ProcessLike = opts.process ?? process;
  const timers = opts.timers ?? realTimers;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let running: Promise<void> | undefined;
  let exitCode = 0;
  let exited = false;

  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    proc.exit(code);
  };

  const shutdown = (reason: string, code = 0): Promise<void> => {
    exitCode = Math.max(exitCode, code);
    if (running) return running;
    logger.info({ reason, timeoutMs }, 'shutting down');
    const timer = timers.setTimeout(() => {
      logger.error({ reason, timeoutMs }, 'shutdown timed out; exiting');
      exit(Math.max(exitCode, EXIT_CODES.failed));
    }, timeoutMs);
    running = Promise.resolve()
      .then(() => stop(reason))
      .then(
        () => {
          logger.info({ reason, exitCode }, 'stopped');
        },
        (e: unknown) => {
          logger.error({ err: e, reason }, 'stop failed');
          exitCode = Math.max(exitCode, EXIT_CODES.failed);
        },
      )
      .finally(() => {
        timers.clearTimeout(timer);
        exit(exitCode);
      });
    return running;
  };

  const onSignal = (signal: unknown) => {
    if (running) {
      logger.warn({ signal }, 'second signal during shutdown; forcing exit');
      exit(Math.max(exitCode, EXIT_CODES.failed));
      return;
    }
    void shutdown(String(signal));
  };
  const onFatal = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error }, kind);
    void shutdown(kind, EXIT_CODES.crash);
  };
  const onUncaught = onFatal('uncaughtException');
  const onRejection = onFatal('unhandledRejection');

  for (const signal of SIGNALS) proc.on(signal, onSignal);
  proc.on('uncaughtException', onUncaught);
  proc.on('unhandledRejection', onRejection);

  return {
    shutdown,
    dispose: () => {
      for (const signal of SIGNALS) proc.off(signal, onSignal);
      proc.off('uncaughtException', onUncaught);
      proc.off('unhandledRejection', onRejection);
    },
  };
}
