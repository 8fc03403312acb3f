import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { terminate, track, waitForExit } from './children';

export type WorkerEvent = { event: string; [key: string]: unknown };

export type WorkerHandle = {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the first event of this name (earlier ones included); rejects on exit or timeout. */
  waitFor(event: string, timeoutMs: number): Promise<WorkerEvent>;
  /** Waits for the `result` event and a clean exit (code 0). */
  result(timeoutMs: number): Promise<WorkerEvent>;
  /** Sends one JSON line to the worker's stdin (commands such as `stop`). */
  send(command: Record<string, unknown>): void;
  stop(): Promise<void>;
};

/** dist/workers/<name>.js, started from this file's folder (dist/harness). */
const workerPath = (name: string) => join(__dirname, '..', 'workers', `${name}.js`);

/**
 * Starts a load generator or helper as a separate Node process. Its config goes as one JSON argument;
 * it reports JSON lines `{"event": ...}` on stdout; anything on stderr goes to `<logDir>/<label>.log`.
 */
export function startWorker(
  name: string,
  config: unknown,
  opts: { logDir: string; label?: string; nodeArgs?: string[] },
): WorkerHandle {
  const label = opts.label ?? name;
  const child: ChildProcess = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), workerPath(name), JSON.stringify(config)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  track(child);
  // A command sent as the worker exits must not crash the runner (EPIPE on its stdin).
  child.stdin?.on('error', () => {});
  const log = createWriteStream(join(opts.logDir, `${label}.log`), { flags: 'a' });
  child.stderr?.pipe(log);
  const events: WorkerEvent[] = [];
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      const parsed = JSON.parse(line) as WorkerEvent;
      if (typeof parsed.event === 'string') {
        events.push(parsed);
        for (const l of listeners) l();
        return;
      }
    } catch {
      // not an event: keep it in the log
    }
    log.write(`${line}\n`);
  });
  const exit = waitForExit(child);
  exit.then(() => {
    for (const l of listeners) l();
  });

  const waitFor = (event: string, timeoutMs: number) =>
    new Promise<WorkerEvent>((resolve, reject) => {
      const check = () => {
        const found = events.find((e) => e.event === event);
        if (found) return done(() => resolve(found));
        if (child.exitCode !== null || child.signalCode !== null)
          return done(() =>
            reject(
              new Error(
                `${label} exited (${child.exitCode ?? child.signalCode}) before '${event}'; see ${join(opts.logDir, `${label}.log`)}`,
              ),
            ),
          );
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`${label}: no '${event}' within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  return {
    name: label,
    pid: child.pid ?? -1,
    waitFor,
    async result(timeoutMs) {
      const result = await waitFor('result', timeoutMs);
      const code = await Promise.race([
        exit,
        new Promise<'slow'>((r) => setTimeout(() => r('slow'), 10_000)),
      ]);
      if (code === 'slow') await terminate(child, 2_000);
      else if (code !== 0) throw new Error(`${label} exited with code ${code}`);
      return result;
    },
    send(command) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin?.write(`${JSON.stringify(command)}\n`);
    },
    async stop() {
      await terminate(child, 5_000);
      log.end();
    },
  };
}
