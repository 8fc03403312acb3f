import type { Candle, PriceTick } from '@mdp/contracts/market-data';

/** A valid tick for tests; fields can be overridden. */
export function makeTick(over: Partial<PriceTick> = {}): PriceTick {
  return {
    market: 'CCCAGG',
    base: 'BTC',
    quote: 'USD',
    price: 100,
    ts: 1_700_000_000_000,
    tradeId: '1',
    lastVolume: null,
    lastVolumeTo: null,
    volumeDay: null,
    volumeDayTo: null,
    volume24h: null,
    volume24hTo: null,
    openDay: null,
    highDay: null,
    lowDay: null,
    open24h: null,
    high24h: null,
    low24h: null,
    bid: null,
    ask: null,
    median: null,
    flags: null,
    origin: 'rest',
    ...over,
  };
}

/** A valid one-minute candle for tests. */
export function makeCandle(over: Partial<Candle> = {}): Candle {
  return {
    market: 'CCCAGG',
    base: 'BTC',
    quote: 'USD',
    start: 1_700_000_040_000,
    open: 10,
    high: 11,
    low: 9,
    close: 10,
    volumeFrom: 1,
    volumeTo: 10,
    trades: null,
    origin: 'rest',
    ...over,
  };
}
