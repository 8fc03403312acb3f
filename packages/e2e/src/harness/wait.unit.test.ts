import { waitFor } from './wait';

describe('waitFor', () => {
  it('keeps waiting while a count is 0', async () => {
    const counts = [0, 0, 2];
    const n = await waitFor(() => counts.shift(), { what: 'a count', timeoutMs: 2_000, intervalMs: 1 });
    expect(n).toBe(2);
    expect(counts).toEqual([]);
  });

  it('returns the first truthy value and treats a throw as not yet', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        if (calls === 1) throw new Error('not up');
        return calls === 2 ? '' : { calls };
      },
      { what: 'an object', timeoutMs: 2_000, intervalMs: 1 },
    );
    expect(value).toEqual({ calls: 3 });
  });

  it('times out naming what it waited for when the probe never returns anything truthy', async () => {
    await expect(waitFor(() => 0, { what: 'ticks', timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      'timed out after 20 ms waiting for ticks',
    );
  });
});
