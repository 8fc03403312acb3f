export type Isolated<R> = { readonly row: R; readonly error: unknown };

export type BisectResult<R, C> = {
  /** One result per successful write, in order. */
  readonly written: readonly C[];
  readonly rejected: readonly Isolated<R>[];
  /** Writes attempted, including failed ones (a measure of how costly the bad rows were). */
  readonly attempts: number;
};

/**
 * Writes `rows` at once; when that fails for a reason in the data (`isDataError`), splits the rows in
 * halves and writes each, down to single rows, so only the bad rows are left out: k bad rows among n
 * cost about 2k·log2(n) writes. Any other error (connection, timeout...) is rethrown at once: it says
 * nothing about the rows, and the caller retries the whole batch (writes are idempotent).
 */
export async function writeIsolatingBadRows<R, C>(
  rows: readonly R[],
  write: (rows: readonly R[]) => Promise<C>,
  isDataError: (error: unknown) => boolean,
  signal?: AbortSignal,
): Promise<BisectResult<R, C>> {
  const written: C[] = [];
  const rejected: Isolated<R>[] = [];
  let attempts = 0;
  const attempt = async (part: readonly R[]): Promise<void> => {
    if (part.length === 0) return;
    signal?.throwIfAborted();
    attempts += 1;
    try {
      written.push(await write(part));
    } catch (error) {
      if (!isDataError(error)) throw error;
      const [row] = part;
      if (part.length === 1 && row !== undefined) {
        rejected.push({ row, error });
        return;
      }
      const middle = Math.ceil(part.length / 2);
      await attempt(part.slice(0, middle));
      await attempt(part.slice(middle));
    }
  };
  await attempt(rows);
  return { written, rejected, attempts };
}
