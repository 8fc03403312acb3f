import type { ChildProcess } from 'node:child_process';

/** Every process the suite started, so an error or Ctrl-C never leaves one behind. */
const live = new Set<ChildProcess>();

export function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
}

export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves with the exit code once the child has exited (at once if it has). */
export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (exited(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child is gone. */
export async function terminate(child: ChildProcess, graceMs = 15_000): Promise<number | null> {
  if (exited(child)) return child.exitCode;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await waitForExit(child);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills every tracked child (by its own pid), e.g. on the way out after an error. */
export async function terminateAll(graceMs = 5_000): Promise<void> {
  await Promise.all([...live].map((child) => terminate(child, graceMs)));
}
