import { writeIsolatingBadRows } from './bisect';

class DataError extends Error {}
const isDataError = (e: unknown) => e instanceof DataError;

/** A fake table: rejects any write containing a bad row, stores the rest. */
function table(bad: Set<number>) {
  const stored: number[] = [];
  const write = async (rows: readonly number[]) => {
    if (rows.some((r) => bad.has(r))) throw new DataError(`bad row among ${rows.length}`);
    stored.push(...rows);
    return rows.length;
  };
  return { stored, write };
}

describe('writeIsolatingBadRows', () => {
  const rows = Array.from({ length: 100 }, (_, i) => i);

  it('writes a clean batch in one write', async () => {
    const t = table(new Set());
    const result = await writeIsolatingBadRows(rows, t.write, isDataError);
    expect(result).toEqual({ written: [100], rejected: [], attempts: 1 });
    expect(t.stored).toEqual(rows);
  });

  it('isolates exactly the bad rows and stores every other row once', async () => {
    const bad = new Set([0, 37, 38, 99]);
    const t = table(bad);
    const result = await writeIsolatingBadRows(rows, t.write, isDataError);
    expect(result.rejected.map((r) => r.row)).toEqual([0, 37, 38, 99]);
    expect(result.rejected[0]?.error).toBeInstanceOf(DataError);
    expect([...t.stored].sort((a, b) => a - b)).toEqual(rows.filter((r) => !bad.has(r)));
    expect(result.attempts).toBeLessThan(2 * bad.size * Math.log2(rows.length) + 2);
  });

  it('rejects a lone bad row', async () => {
    const t = table(new Set([5]));
    const result = await writeIsolatingBadRows([5], t.write, isDataError);
    expect(result.rejected).toHaveLength(1);
    expect(result.written).toEqual([]);
  });

  it('rethrows a non-data error without splitting', async () => {
    let calls = 0;
    const down = async () => {
      calls += 1;
      throw new Error('ECONNREFUSED');
    };
    await expect(writeIsolatingBadRows(rows, down, isDataError)).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBe(1);
  });

  it('rethrows a connection error met half-way through a split', async () => {
    let calls = 0;
    const flaky = async (part: readonly number[]) => {
      calls += 1;
      if (calls === 1) throw new DataError('bad');
      if (calls === 3) throw new Error('connection closed');
      return part.length;
    };
    await expect(writeIsolatingBadRows(rows, flaky, isDataError)).rejects.toThrow('connection closed');
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const t = table(new Set());
    await expect(writeIsolatingBadRows(rows, t.write, isDataError, controller.signal)).rejects.toThrow();
    expect(t.stored).toEqual([]);
  });
});
