import { CandleQuerySchema } from './history-query';
import { SseQuerySchema, StreamRequestSchema } from './stream-request';

describe('the gateway request schemas', () => {
  it('takes one of topic or spec, and at most one start', () => {
    expect(StreamRequestSchema.safeParse({ topic: 't', policy: 'disconnect' }).success).toBe(true);
    expect(StreamRequestSchema.safeParse({}).success).toBe(false);
    expect(StreamRequestSchema.safeParse({ topic: 't', spec: {} }).success).toBe(false);
    expect(StreamRequestSchema.safeParse({ topic: 't', from: '1', fromTs: 2 }).success).toBe(false);
    expect(StreamRequestSchema.safeParse({ topic: 't', extra: 1 }).success).toBe(false);
  });

  it('reads the SSE query as text: digits for fromTs, 1-1440 for snapshot, nothing unknown', () => {
    expect(SseQuerySchema.safeParse({ topic: 't', fromTs: '1700000000000', snapshot: '1440' }).success).toBe(
      true,
    );
    expect(SseQuerySchema.safeParse({ topic: 't', fromTs: 'yesterday' }).success).toBe(false);
    expect(SseQuerySchema.safeParse({ topic: 't', snapshot: '0' }).success).toBe(false);
    expect(SseQuerySchema.safeParse({ topic: 't', snapshot: '1441' }).success).toBe(false);
    expect(SseQuerySchema.safeParse({ topic: 't', x: '1' }).success).toBe(false);
  });

  it('normalizes a history query: symbols unique and sorted, times as epoch ms', () => {
    const q = CandleQuerySchema.parse({
      symbols: 'ETH,BTC,ETH',
      quote: 'USD',
      interval: '1h',
      from: '2024-01-01T00:00:00Z',
      to: '1704153600000',
    });
    expect(q).toMatchObject({
      symbols: ['BTC', 'ETH'],
      market: 'CCCAGG',
      order: 'desc',
      from: 1704067200000,
      to: 1704153600000,
    });
    expect(CandleQuerySchema.safeParse({ symbols: 'BTC', quote: 'USD', interval: '2h' }).success).toBe(false);
  });
});
