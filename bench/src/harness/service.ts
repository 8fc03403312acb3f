import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exited, terminate, track } from './children';
import { httpRequest, waitForOk } from './http';

export type ServiceName = 'producer' | 'coordinator' | 'fixed-sink' | 'dynamic-gateway';

export type ServiceHandle = {
  readonly name: string;
  readonly pid: number;
  readonly baseUrl: string;
  readonly logFile: string;
  /** Resident memory of the process now (Linux /proc), bytes; null elsewhere. */
  rssBytes(): Promise<number | null>;
  metrics(): Promise<string>;
  /** SIGTERM (the service drains and commits), SIGKILL after the grace period. */
  stop(): Promise<number | null>;
};

/** apps/<name>/dist/main.js, found through the workspace package (exports ./package.json). */
export function serviceEntry(name: ServiceName): string {
  return join(dirname(require.resolve(`@mdp/${name}/package.json`)), 'dist', 'main.js');
}

/** The environment a service gets: nothing of the runner's own settings leaks in. */
function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  const base = Object.fromEntries(keep.flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
  return { ...base, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...extra };
}

/** Starts a service as its own process (`node dist/main.js`) and waits until /readyz answers 200. */
export async function startService(opts: {
  name: ServiceName;
  label?: string;
  httpPort: number;
  env: Record<string, string>;
  logDir: string;
  readyTimeoutMs?: number;
  nodeArgs?: string[];
}): Promise<ServiceHandle> {
  const label = opts.label ?? opts.name;
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), serviceEntry(opts.name)], {
    env: serviceEnv({ ...opts.env, HTTP_PORT: String(opts.httpPort) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  const logFile = join(opts.logDir, `${label}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${opts.httpPort}`;
  try {
    await waitForOk(`${baseUrl}/readyz`, opts.readyTimeoutMs ?? 60_000, () => !exited(child));
  } catch (e) {
    await terminate(child, 2_000);
    throw new Error(`${label} did not start: ${(e as Error).message}; log: ${logFile}`);
  }
  const pid = child.pid ?? -1;
  return {
    name: label,
    pid,
    baseUrl,
    logFile,
    rssBytes: () => rssOf(pid),
    metrics: async () => (await httpRequest(`${baseUrl}/metrics`)).body,
    stop: async () => {
      const code = await terminate(child, 20_000);
      log.end();
      return code;
    },
  };
}

/** VmRSS of a process, bytes; null when /proc is not there. */
export async function rssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** CPU time a process has used (user + system), seconds; null when /proc is not there. */
export async function cpuSecondsOf(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux the suite runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time the whole machine has spent busy (all cores, not idle or waiting on I/O), seconds. */
export async function machineBusySeconds(): Promise<number | null> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
    const [, ...fields] = line.trim().split(/\s+/);
    const n = fields.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    return Number.isFinite(total) ? (total - idle) / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}
