/** Resolves true once `predicate` holds, false after `timeoutMs` (polled every `everyMs`). */
export async function waitUntil(predicate: () => boolean, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return true;
}
