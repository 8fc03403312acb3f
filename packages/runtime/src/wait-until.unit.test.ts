import { waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('resolves true at once when the check already holds, without waiting', async () => {
    let checks = 0;
    const started = Date.now();
    expect(await waitUntil(() => ++checks > 0, { timeoutMs: 1000, intervalMs: 500 })).toBe(true);
    expect(checks).toBe(1);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('polls every intervalMs until the check holds, async checks included', async () => {
    let checks = 0;
    expect(await waitUntil(async () => ++checks === 3, { timeoutMs: 1000, intervalMs: 5 })).toBe(true);
    expect(checks).toBe(3);
  });

  it('resolves false once timeoutMs passed, with a last check at the deadline', async () => {
    let checks = 0;
    const started = Date.now();
    expect(await waitUntil(() => ++checks < 0, { timeoutMs: 60, intervalMs: 25 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(checks).toBeGreaterThanOrEqual(3);
  });

  it('rejects with the reason when the signal aborts, and with the error of a throwing check', async () => {
    const abort = new AbortController();
    const waiting = waitUntil(() => false, { timeoutMs: 10_000, intervalMs: 10, signal: abort.signal });
    abort.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
    await expect(
      waitUntil(
        () => {
          throw new Error('broken check');
        },
        { timeoutMs: 100 },
      ),
    ).rejects.toThrow('broken check');
  });
});
