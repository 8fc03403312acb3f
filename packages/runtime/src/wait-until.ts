import { sleep } from './retry';

export type WaitUntilOptions = {
  /** Gives up (resolves false) once this many ms have passed without `check` holding. */
  timeoutMs: number;
  /** The pause between two checks. */
  intervalMs?: number;
  /** Aborting ends the wait: rejects with the signal's reason. */
  signal?: AbortSignal;
  now?: () => number;
};

/**
 * The one polling loop outside the machines: resolves true as soon as `check` holds (checked at
 * once, then every `intervalMs`), false once `timeoutMs` passed. A check that throws ends the wait
 * with that error: catch inside `check` what should only mean "not yet".
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  opts: WaitUntilOptions,
): Promise<boolean> {
  const now = opts.now ?? Date.now;
  const deadline = now() + opts.timeoutMs;
  for (;;) {
    opts.signal?.throwIfAborted();
    if (await check()) return true;
    const left = deadline - now();
    if (left <= 0) return false;
    await sleep(Math.min(opts.intervalMs ?? 50, left), opts.signal);
  }
}
