import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

export type ProcessSpec = {
  readonly name: string;
  readonly script: string;
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** stdout and stderr of every start are appended here (kept after the test for debugging). */
  readonly logFile: string;
};

export type ExitInfo = { readonly code: number | null; readonly signal: NodeJS.Signals | null };

/** One service as an OS process that a test can start, kill with any signal, and start again. */
export type ServiceProcess = {
  readonly name: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Every exit so far, oldest first. */
  readonly exits: readonly ExitInfo[];
  start(): void;
  /** Sends a signal and waits until the process is gone (SIGKILL after `timeoutMs`). */
  kill(signal: NodeJS.Signals, timeoutMs?: number): Promise<ExitInfo>;
  /** The last `lines` lines of its log. */
  tail(lines?: number): string;
};

// Children still running when the test process exits are killed: nothing outlives a run.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

// kafkajs 2.2.4 sets a negative timeout on Node >= 23: harmless, but it warns in every process.
const QUIET_NODE_OPTIONS = '--disable-warning=TimeoutNegativeWarning';

export function createServiceProcess(spec: ProcessSpec): ServiceProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<ExitInfo> = Promise.resolve({ code: null, signal: null });
  const exits: ExitInfo[] = [];
  let starts = 0;

  const start = () => {
    if (child) throw new Error(`${spec.name} is already running (pid ${child.pid})`);
    starts += 1;
    const fd = openSync(spec.logFile, 'a');
    writeSync(fd, `\n===== ${spec.name} start #${starts} at ${new Date().toISOString()} =====\n`);
    const started = spawn(process.execPath, [spec.script, ...(spec.args ?? [])], {
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: QUIET_NODE_OPTIONS, ...spec.env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    child = started;
    live.add(started);
    exited = new Promise((resolve) => {
      started.once('exit', (code, signal) => {
        live.delete(started);
        if (child === started) child = undefined;
        const info = { code, signal };
        exits.push(info);
        resolve(info);
      });
    });
  };

  const kill = async (signal: NodeJS.Signals, timeoutMs = 20_000): Promise<ExitInfo> => {
    const target = child;
    if (!target) return exits.at(-1) ?? { code: null, signal: null };
    const done = exited;
    target.kill(signal);
    const timer = setTimeout(() => target.kill('SIGKILL'), timeoutMs);
    try {
      return await done;
    } finally {
      clearTimeout(timer);
    }
  };

  const tail = (lines = 30) => {
    try {
      return readFileSync(spec.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };

  return {
    name: spec.name,
    logFile: spec.logFile,
    get pid() {
      return child?.pid;
    },
    get running() {
      return child !== undefined;
    },
    exits,
    start,
    kill,
    tail,
  };
}
