import { makeEnvelope } from '@mdp/contracts/envelope';
import type { Candle, PriceTick } from '@mdp/contracts/market-data';
import type { SourceMessage } from '../batches/batch';

/** A valid tick; overrides change single fields. */
export function tick(overrides: Partial<PriceTick> = {}): PriceTick {
  return {
    market: 'CCCAGG',
    base: 'BTC',
    quote: 'USD',
    price: 65_000.5,
    ts: 1_700_000_000_123,
    tradeId: 't-1',
    lastVolume: 0.1,
    lastVolumeTo: 6500,
    volumeDay: 10,
    volumeDayTo: 650_000,
    volume24h: 100,
    volume24hTo: 6_500_000,
    openDay: 64_000,
    highDay: 66_000,
    lowDay: 63_000,
    open24h: 63_500,
    high24h: 66_500,
    low24h: 62_500,
    bid: 64_999,
    ask: 65_001,
    median: 65_000,
    flags: 4,
    origin: 'stream',
    ...overrides,
  };
}

/** A valid one-minute candle. */
export function candle(overrides: Partial<Candle> = {}): Candle {
  return {
    market: 'CCCAGG',
    base: 'BTC',
    quote: 'USD',
    start: 1_700_000_040_000,
    open: 100,
    high: 110,
    low: 90,
    close: 105,
    volumeFrom: 1.5,
    volumeTo: 150,
    trades: 12,
    origin: 'rest',
    ...overrides,
  };
}

export function tickMessage(data: PriceTick, at = new Date(1_700_000_000_500)) {
  return makeEnvelope('PriceTick', 1, 'producer', data, { at });
}

export function candleMessage(data: Candle, at = new Date(1_700_000_050_000)) {
  return makeEnvelope('Candle1m', 1, 'producer', data, { at });
}

/** A fetched message carrying `value` (an object is JSON-encoded). */
export function source(topic: string, offset: number, value: unknown, partition = 0): SourceMessage {
  const bytes =
    value === null
      ? null
      : Buffer.isBuffer(value)
        ? value
        : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  const message = {
    key: Buffer.from('k'),
    value: bytes,
    headers: {},
    offset: String(offset),
    timestamp: '0',
    attributes: 0,
  };
  return { topic, partition, message };
}
