export type WaitOptions = {
  /** What is awaited, for the error message. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Extra context for the error (state seen last, log tails...). */
  describe?: () => string | Promise<string>;
  /** Errors from the probe that end the wait at once (e.g. a process that died). */
  fatal?: (error: unknown) => boolean;
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type NotYet = undefined | null | false | 0 | '';

/**
 * Polls `probe` until it returns something truthy; returns that value. A count of 0 is "not yet"
 * (`() => client.messages.length` must wait for a message, not return at once). A probe that throws
 * counts as "not yet" too (services come and go in these tests); the last error is part of the
 * timeout message.
 */
export async function waitFor<T>(
  probe: () => Promise<T | NotYet> | T | NotYet,
  options: WaitOptions,
): Promise<Exclude<T, NotYet>> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Exclude<T, NotYet>;
    } catch (error) {
      lastError = error;
      if (options.fatal?.(error)) throw error;
    }
    if (Date.now() >= deadline) break;
    await sleep(options.intervalMs ?? 200);
  }
  const detail = options.describe ? `\n${await options.describe()}` : '';
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${cause}${detail}`);
}
