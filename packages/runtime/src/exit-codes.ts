/**
 * The exit codes of every service (`runService`), so a supervisor or an operator reads the same
 * meaning from each: a bad configuration will not heal by restarting, a crash may.
 */
export const EXIT_CODES = {
  /** Stopped on a signal and drained cleanly. */
  ok: 0,
  /** Start failed (a dependency unreachable...), or stop failed or outlasted its timeout. */
  failed: 1,
  /** The configuration is invalid: every problem is in the fatal log line. Fix it, do not restart. */
  badConfig: 2,
  /** A crash after start: a root machine failed or an error was uncaught (EX_SOFTWARE). */
  crash: 70,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
