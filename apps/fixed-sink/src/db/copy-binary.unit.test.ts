import { tick } from '../testing/fixtures';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, copyChunks, tickCopyRow } from './copy-binary';

const row = (i: number) => {
  const copied = tickCopyRow(tick({ tradeId: `r${i}` }), `m${i}`, 1_700_000_000_500);
  if (!copied) throw new Error('not copyable');
  return copied;
};
const bytes = (r: { slab: Buffer; start: number; end: number }) => r.slab.subarray(r.start, r.end);

describe('binary COPY rows', () => {
  it('sends rows decoded one after another as one chunk, and keeps the batch order otherwise', () => {
    const rows = [row(1), row(2), row(3)];
    const together = copyChunks(rows);
    expect(together).toHaveLength(3);
    expect(Buffer.concat(together)).toEqual(
      Buffer.concat([COPY_BINARY_HEADER, ...rows.map(bytes), COPY_BINARY_TRAILER]),
    );
    const shuffled = [rows[2], rows[0], rows[1]].filter((r) => r !== undefined);
    const apart = copyChunks(shuffled);
    expect(apart).toHaveLength(4); // header, row 3, rows 1-2, trailer
    expect(Buffer.concat(apart)).toEqual(
      Buffer.concat([COPY_BINARY_HEADER, ...shuffled.map(bytes), COPY_BINARY_TRAILER]),
    );
  });

  it('leaves what COPY cannot carry as is to the INSERT path', () => {
    expect(tickCopyRow(tick({ tradeId: 'nul\u0000' }), 'm', 1_700_000_000_500)).toBeUndefined();
    expect(tickCopyRow(tick({ ts: 8e15 }), 'm', 1_700_000_000_500)).toBeUndefined();
  });
});
