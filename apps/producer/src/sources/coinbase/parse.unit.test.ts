import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillMinutes, parseCandleRow, parseRestTicker, parseTickerMessage } from './parse';

// Real messages and constructed ones (fixtures/README.md says which is which).
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const btc = { market: 'COINBASE', base: 'BTC', quote: 'USD' };

describe('coinbase ticker messages', () => {
  // Real messages quoted in public repositories (fixtures/README.md), 2017 to 2026.
  const real = fixture('ws-ticker-real.json') as { source: string; message: Record<string, unknown> }[];
  it.each(real.map((r) => [String(r.message.time).slice(0, 4), r.message] as const))(
    'parses the real %s message: price, trade time, trade id, bid/ask and 24 h figures',
    (_year, message) => {
      const r = parseTickerMessage(message);
      if (!r.ok) throw new Error(r.reason);
      const [base, quote] = String(message.product_id).split('-');
      expect(r.value).toMatchObject({
        market: 'COINBASE',
        base,
        quote,
        price: Number(message.price),
        ts: Math.floor(Date.parse(String(message.time))),
        tradeId: String(message.trade_id),
        lastVolume: Number(message.last_size),
        bid: Number(message.best_bid),
        ask: Number(message.best_ask),
        open24h: Number(message.open_24h),
        high24h: Number(message.high_24h),
        low24h: Number(message.low_24h),
        volume24h: Number(message.volume_24h),
        origin: 'stream',
      });
    },
  );

  it('maps a ticker message to a stream tick with trade time and trade id', () => {
    const r = parseTickerMessage(fixture('ws-ticker.json'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.value).toMatchObject({
      market: 'COINBASE',
      base: 'ETH',
      quote: 'USD',
      price: 1285.22,
      ts: Date.parse('2022-10-19T23:28:22.061Z'),
      tradeId: '370843401',
      lastVolume: 11.4396987,
      bid: 1285.04,
      ask: 1285.27,
      open24h: 1310.79,
      high24h: 1313.8,
      low24h: 1280.52,
      volume24h: 245532.79269678,
      origin: 'stream',
    });
  });

  it.each([
    ['not an object', 'ticker', 'not_object'],
    ['no product', { type: 'ticker', price: '1', time: '2022-10-19T23:28:22Z' }, 'missing_identity'],
    ['product with a market', { product_id: 'CB:BTC-USD' }, 'missing_identity'],
    ['price zero', { product_id: 'BTC-USD', price: '0', time: '2022-10-19T23:28:22Z' }, 'bad_price'],
    ['price NaN', { product_id: 'BTC-USD', price: 'NaN', time: '2022-10-19T23:28:22Z' }, 'bad_price'],
    ['price as words', { product_id: 'BTC-USD', price: '1,000', time: '2022-10-19T23:28:22Z' }, 'bad_price'],
    ['time missing', { product_id: 'BTC-USD', price: '1' }, 'bad_update_time'],
    [
      'time with offset',
      { product_id: 'BTC-USD', price: '1', time: '2022-10-19T23:28:22+02:00' },
      'bad_update_time',
    ],
    ['time a number', { product_id: 'BTC-USD', price: '1', time: 1666221502 }, 'bad_update_time'],
  ])('skips a hostile variant: %s', (_name, message, reason) => {
    expect(parseTickerMessage(message)).toEqual({ ok: false, reason });
  });

  it('keeps a tick whose trade id is odd, with an empty trade id', () => {
    const r = parseTickerMessage({
      product_id: 'BTC-USD',
      price: '2',
      time: '2022-10-19T23:28:22Z',
      trade_id: -4,
    });
    expect(r.ok && r.value.tradeId).toBe('');
  });
});

describe('coinbase REST', () => {
  it('maps the ticker snapshot of the product asked for', () => {
    const r = parseRestTicker(fixture('rest-ticker.json'), btc);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value).toMatchObject({
      market: 'COINBASE',
      base: 'BTC',
      price: 6268.48,
      ts: Date.parse('2020-03-20T00:22:57.833Z'),
      tradeId: '86326522',
      lastVolume: 0.00698254,
      volume24h: 53602.03940154,
      origin: 'rest',
    });
  });

  it('maps candle rows [time, low, high, open, close, volume]', () => {
    const rows = fixture('rest-candles.json') as unknown[];
    const r = parseCandleRow(rows[0], btc);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value).toEqual({
      market: 'COINBASE',
      base: 'BTC',
      quote: 'USD',
      start: 1666224720_000,
      open: 19165.2,
      high: 19171.5,
      low: 19160.01,
      close: 19170.03,
      volumeFrom: 3.10021,
      volumeTo: 3.10021 * 19170.03,
      trades: null,
      origin: 'rest',
    });
  });

  it.each([
    ['not an array', { time: 1 }, 'not_row'],
    ['too short', [1666224720, 1, 2, 1, 2], 'not_row'],
    ['not a minute', [1666224721, 1, 2, 1, 2, 1], 'bad_time'],
    ['time as text', ['x', 1, 2, 1, 2, 1], 'bad_time'],
    ['low above high', [1666224720, 3, 2, 2, 2, 1], 'invalid'],
    ['negative volume', [1666224720, 1, 2, 1, 2, -1], 'invalid'],
    ['null close', [1666224720, 1, 2, 1, null, 1], 'invalid'],
  ])('skips a hostile candle row: %s', (_name, row, reason) => {
    expect(parseCandleRow(row, btc)).toEqual({ ok: false, reason });
  });

  it('fills minutes Coinbase leaves out with the previous close and no volume', () => {
    const rows = (fixture('rest-candles.json') as unknown[]).map((row) => parseCandleRow(row, btc));
    const candles = rows.flatMap((r) => (r.ok ? [r.value] : []));
    const filled = fillMinutes(candles, btc, 1666224600_000, 1666224720_000, null);
    expect(filled.map((c) => c.start)).toEqual([1666224600_000, 1666224660_000, 1666224720_000]);
    expect(filled[1]).toMatchObject({
      open: 19160.55,
      high: 19160.55,
      low: 19160.55,
      close: 19160.55,
      volumeFrom: 0,
    });
  });

  it('leaves leading minutes out when no earlier close is known', () => {
    const r = parseCandleRow([1666224720, 1, 2, 1, 2, 1], btc);
    if (!r.ok) throw new Error(r.reason);
    const filled = fillMinutes([r.value], btc, 1666224600_000, 1666224780_000, null);
    expect(filled.map((c) => c.start)).toEqual([1666224720_000, 1666224780_000]);
  });
});
