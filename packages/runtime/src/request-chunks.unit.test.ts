import { requestChunks } from './request-chunks';

const item = (i: number, bytes = 100) => ({ id: i, message: { key: 'k', value: Buffer.alloc(bytes) } });

describe('requestChunks', () => {
  it('keeps a small flush in one request', () => {
    const items = [item(1), item(2), item(3)];
    expect(requestChunks(items, 500, 512 * 1024)).toEqual([items]);
  });

  it('splits by message count, in order', () => {
    const items = Array.from({ length: 1201 }, (_, i) => item(i));
    const chunks = requestChunks(items, 500, 512 * 1024);
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 201]);
    expect(chunks.flat()).toEqual(items);
  });

  it('splits by bytes so no request nears the broker limit', () => {
    const items = Array.from({ length: 5000 }, (_, i) => item(i, 900)); // ~4.8 MB in all
    const chunks = requestChunks(items, 10_000, 512 * 1024);
    expect(chunks.length).toBeGreaterThanOrEqual(9);
    for (const c of chunks)
      expect(c.reduce((sum, x) => sum + x.message.value.length + 65, 0)).toBeLessThanOrEqual(512 * 1024);
    expect(chunks.flat()).toEqual(items);
  });

  it('sends a single message larger than the limit alone rather than never', () => {
    const items = [item(1), item(2, 600 * 1024), item(3)];
    expect(requestChunks(items, 500, 512 * 1024).map((c) => c.map((x) => x.id))).toEqual([[1], [2], [3]]);
  });
});
