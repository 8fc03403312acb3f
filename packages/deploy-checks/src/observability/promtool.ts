import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../repo';

export type PromtoolRun = { ok: boolean; output: string };

/** Whether `promtool` (Debian's `prometheus` package; .ci/run installs it) is on PATH. */
export function promtoolAvailable(): boolean {
  return spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Runs `promtool <args>` from the repository root. */
export function promtool(...args: string[]): PromtoolRun {
  const run = spawnSync('promtool', args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  return {
    ok: run.status === 0,
    output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error?.message ?? ''}`,
  };
}
