import { candle, candleMessage, source, tick, tickMessage } from '../testing/fixtures';
import { mapBatch, toRow } from './rows';

const topics = { ticks: 'ns.market.ticks.v1', candles1m: 'ns.market.candles.1m.v1' };

describe('toRow', () => {
  it('maps a valid tick with its envelope id and time', () => {
    const message = tickMessage(tick({ market: 'coinbase', base: 'eth' }));
    const row = toRow(source(topics.ticks, 7, message), topics);
    expect(row).toMatchObject({
      kind: 'tick',
      messageId: message.id,
      producedAt: 1_700_000_000_500,
      tick: { market: 'COINBASE', base: 'ETH', quote: 'USD', ts: 1_700_000_000_123, tradeId: 't-1' },
    });
  });

  it('maps a valid candle with its revision time', () => {
    const row = toRow(source(topics.candles1m, 1, candleMessage(candle())), topics);
    expect(row).toMatchObject({ kind: 'candle', revisedAt: 1_700_000_050_000, candle: { close: 105 } });
  });

  it.each([
    ['no value', null, 'empty'],
    ['not JSON', '{nope', 'invalid_json'],
    ['a negative price', tickMessage(tick({ price: -1 })), 'invalid_message'],
    ['a candle on the ticks topic', candleMessage(candle()), 'invalid_message'],
  ])('rejects %s with a reason', (_name, value, code) => {
    const row = toRow(source(topics.ticks, 3, value), topics);
    expect(row).toMatchObject({ code, source: { message: { offset: '3' } } });
    expect('reason' in row && row.reason.length).toBeGreaterThan(0);
  });

  it('rejects a candle whose high is below its close', () => {
    const row = toRow(source(topics.candles1m, 3, candleMessage(candle({ high: 101 }))), topics);
    expect(row).toMatchObject({ code: 'invalid_message', reason: expect.stringContaining('high/low') });
  });

  it('rejects a message from a topic it does not sink', () => {
    expect(toRow(source('other', 0, tickMessage(tick())), topics)).toMatchObject({ code: 'unknown_topic' });
  });
});

describe('mapBatch', () => {
  it('splits ticks, candles and rejections, keeping the last revision of a candle', () => {
    const batch = mapBatch(
      [
        source(topics.ticks, 0, tickMessage(tick({ tradeId: 'a' }))),
        source(topics.candles1m, 0, candleMessage(candle({ close: 101 }))),
        source(topics.ticks, 1, 'garbage'),
        source(topics.candles1m, 1, candleMessage(candle({ start: 1_700_000_100_000 }))),
        source(topics.candles1m, 2, candleMessage(candle({ close: 102 }))),
        source(topics.ticks, 2, tickMessage(tick({ tradeId: 'b' }))),
      ],
      topics,
    );
    expect(batch.ticks.map((t) => t.tick.tradeId)).toEqual(['a', 'b']);
    expect(batch.candles.map((c) => [c.candle.start, c.candle.close])).toEqual([
      [1_700_000_100_000, 105],
      [1_700_000_040_000, 102],
    ]);
    expect(batch.rejected.map((r) => r.source.message.offset)).toEqual(['1']);
  });

  it('uses what was decoded at fetch time instead of decoding again', () => {
    const message = source(topics.ticks, 9, 'not json at all');
    const decoded = toRow(source(topics.ticks, 9, tickMessage(tick({ tradeId: 'pre' }))), topics);
    const batch = mapBatch([{ ...message, decoded }], topics);
    expect(batch.ticks.map((t) => t.tick.tradeId)).toEqual(['pre']);
    expect(batch.rejected).toEqual([]);
  });
});
