import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const APP_DIR = join(__dirname, '..', '..');

/** Compiles the coordinator to dist/ (its workspace dependencies are built by turbo's ^build). */
export function buildCoordinator(): void {
  execFileSync(
    process.execPath,
    [join(require.resolve('typescript/package.json'), '../bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: APP_DIR,
      stdio: 'inherit',
    },
  );
}

export type CoordinatorProcess = {
  child: ChildProcess;
  port: number;
  logs: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
  stop(signal: NodeJS.Signals): Promise<number | null>;
};

/** Runs `node dist/main.js` and resolves once it logs "coordinator started" (with its HTTP port). */
export async function spawnCoordinator(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CoordinatorProcess> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('coordinator did not start in time')), timeoutMs);
    exited.then((code) => reject(new Error(`coordinator exited with ${code} before starting`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'coordinator started') {
          clearTimeout(timer);
          resolve(Number(entry.port));
        }
      } catch {
        logs.push({ raw: line });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => logs.push({ stderr: chunk.toString() }));
  });
  return {
    child,
    port,
    logs,
    exited,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
