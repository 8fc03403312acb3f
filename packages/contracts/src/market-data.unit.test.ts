import { decode, encode } from './codec';
import { makeEnvelope } from './envelope';
import {
  CandleMessageSchema,
  MarketDataMessageSchema,
  type PriceTick,
  PriceTickMessageSchema,
  PriceTickSchema,
  priceTick,
} from './market-data';

export const validTick: PriceTick = {
  market: 'CCCAGG',
  base: 'BTC',
  quote: 'USD',
  price: 59692.06,
  ts: 1618082612000,
  tradeId: '154219127',
  lastVolume: 0.00080086,
  lastVolumeTo: 47.7786989464,
  volumeDay: 32185.1,
  volumeDayTo: 1935264417.9,
  volume24h: 34972.7,
  volume24hTo: 2097598475.2,
  openDay: 58106.74,
  highDay: 61193.5,
  lowDay: 57885.43,
  open24h: null,
  high24h: null,
  low24h: null,
  bid: null,
  ask: null,
  median: 59669.75,
  flags: 2050,
  origin: 'rest',
};

const candle = {
  market: 'CCCAGG',
  base: 'BTC',
  quote: 'USD',
  start: 1652140800000,
  open: 30076.9,
  high: 32625.41,
  low: 29836.19,
  close: 31013.12,
  volumeFrom: 103840.6,
  volumeTo: 3244062170.09,
  trades: null,
  origin: 'rest' as const,
};

describe('PriceTick message', () => {
  it('round-trips through encode and decode', () => {
    const msg = makeEnvelope('PriceTick', 1, 'producer', validTick);
    const bytes = encode(PriceTickMessageSchema, msg);
    if (!bytes.ok) throw new Error(bytes.error.message);
    const back = decode(MarketDataMessageSchema, bytes.value);
    expect(back).toEqual({ ok: true, value: msg });
  });

  it('normalizes symbol case', () => {
    const msg = makeEnvelope('PriceTick', 1, 'producer', { ...validTick, base: 'btc', market: 'Coinbase' });
    const r = decode(PriceTickMessageSchema, JSON.stringify(msg));
    expect(r.ok && r.value.data.base).toBe('BTC');
    expect(r.ok && r.value.data.market).toBe('COINBASE');
  });

  it.each([
    ['a negative price', { price: -1 }, 'data.price'],
    ['a NaN-like string price', { price: 'NaN' }, 'data.price'],
    ['a missing price', { price: undefined }, 'data.price'],
    ['a fractional timestamp', { ts: 1.5 }, 'data.ts'],
    ['a symbol with path characters', { base: '../etc' }, 'data.base'],
    ['an unknown origin', { origin: 'ftp' }, 'data.origin'],
    ['flags as a string', { flags: '2050' }, 'data.flags'],
  ])('rejects %s with the field named', (_name, patch, path) => {
    const msg = makeEnvelope('PriceTick', 1, 'producer', { ...validTick, ...patch });
    const r = decode(PriceTickMessageSchema, JSON.stringify(msg));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_message');
      expect(r.error.issues.map((i) => i.path)).toContain(path);
    }
  });

  it('refuses an envelope of another type or version', () => {
    const msg = { ...makeEnvelope('PriceTick', 1, 'producer', validTick), version: 2 };
    expect(decode(PriceTickMessageSchema, JSON.stringify(msg)).ok).toBe(false);
    expect(decode(PriceTickMessageSchema, JSON.stringify({ ...msg, type: 'Candle1m', version: 1 })).ok).toBe(
      false,
    );
  });
});

describe('priceTick', () => {
  it('builds a valid tick with every optional field null', () => {
    const t = priceTick({
      market: 'CCCAGG',
      base: 'ETH',
      quote: 'EUR',
      price: 2,
      ts: 1,
      tradeId: '',
      origin: 'stream',
    });
    expect(PriceTickSchema.parse(t)).toEqual(t);
    expect(Object.keys(t).sort()).toEqual(Object.keys(validTick).sort());
    expect(t.volume24h).toBeNull();
  });
});

describe('Candle message', () => {
  it('accepts a real histoday candle', () => {
    const r = decode(CandleMessageSchema, JSON.stringify(makeEnvelope('Candle1m', 1, 'producer', candle)));
    expect(r.ok).toBe(true);
  });

  it('rejects a start that is not on a minute boundary', () => {
    const r = validateCandle({ ...candle, start: candle.start + 1 });
    expect(r).toContain('data.start');
  });

  it('rejects a high below the close', () => {
    expect(validateCandle({ ...candle, high: 1 })).toContain('high/low must bound open and close');
  });

  function validateCandle(c: object): string {
    const r = decode(CandleMessageSchema, JSON.stringify(makeEnvelope('Candle1m', 1, 'producer', c)));
    return r.ok ? '' : r.error.message;
  }
});

describe('decode of hostile bytes', () => {
  it.each([
    ['null', null, 'empty'],
    ['an empty buffer', Buffer.alloc(0), 'empty'],
    ['truncated JSON', Buffer.from('{"type":"PriceTick"'), 'invalid_json'],
    ['a JSON array', Buffer.from('[1,2]'), 'invalid_message'],
    ['2 MB of spaces', Buffer.alloc(2_000_000, 32), 'too_large'],
  ])('returns a typed error for %s', (_name, value, code) => {
    const r = decode(MarketDataMessageSchema, value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('encode refuses an invalid value instead of sending it', () => {
    const r = encode(
      PriceTickMessageSchema,
      makeEnvelope('PriceTick', 1, 'producer', { ...validTick, price: 0 }),
    );
    expect(r.ok).toBe(false);
  });
});
