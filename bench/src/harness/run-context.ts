import type { MachineInfo } from './machine-info';

/** What every benchmark gets from the runner. */
export type RunContext = {
  mode: 'full' | 'smoke';
  /** Broker list for KAFKA_BROKERS. */
  brokers: string[];
  /** Server-level PostgreSQL URL; benchmarks create databases of their own from it. */
  databaseUrl: string;
  machine: MachineInfo;
  /** Folder for process logs of this run (not committed). */
  logDir: string;
  /** Prints a progress line (stderr, so stdout stays the tables). */
  log(message: string): void;
};
