import { z } from 'zod';
import { envelopeSchema } from './envelope';
import { MarketSchema, SymbolSchema } from './symbols';

const price = z.number().finite().positive();
const amount = z.number().finite().nonnegative();
const optionalNumber = z.number().finite().nullable();
const epochMs = z.number().int().positive().max(8.64e15);

/** Where a data event came from: REST polling, the streamer, or recorded payloads replayed offline. */
export const OriginSchema = z.enum(['rest', 'stream', 'replay']);

/** One price update of a pair on a market (CryptoCompare RAW / type-5 / type-2 fields, normalized). */
export const PriceTickSchema = z.object({
  market: MarketSchema,
  base: SymbolSchema,
  quote: SymbolSchema,
  price,
  /** Exchange/index update time, epoch ms (CryptoCompare LASTUPDATE is in seconds). */
  ts: epochMs,
  /** Id of the last trade in this update; '' when the source does not say. Part of the tick's identity. */
  tradeId: z.string().max(64),
  lastVolume: optionalNumber,
  lastVolumeTo: optionalNumber,
  volumeDay: optionalNumber,
  volumeDayTo: optionalNumber,
  volume24h: optionalNumber,
  volume24hTo: optionalNumber,
  openDay: optionalNumber,
  highDay: optionalNumber,
  lowDay: optionalNumber,
  open24h: optionalNumber,
  high24h: optionalNumber,
  low24h: optionalNumber,
  bid: optionalNumber,
  ask: optionalNumber,
  median: optionalNumber,
  flags: z.number().int().nonnegative().nullable(),
  origin: OriginSchema,
});
export type PriceTick = z.infer<typeof PriceTickSchema>;

/** The fields every tick has; the others are optional in the sources. */
export type TickCore = Pick<PriceTick, 'market' | 'base' | 'quote' | 'price' | 'ts' | 'tradeId' | 'origin'>;

/** A tick from its core fields, every optional field null (sources that know more set them after). */
export function priceTick(core: TickCore): PriceTick {
  return {
    ...core,
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
  };
}

/** One-minute OHLCV candle; the open minute is revised until it closes (same key, newer values). */
export const CandleSchema = z
  .object({
    market: MarketSchema,
    base: SymbolSchema,
    quote: SymbolSchema,
    /** Period start, epoch ms, aligned to the minute. */
    start: epochMs.refine((v) => v % 60_000 === 0, 'start must be aligned to a minute'),
    open: price,
    high: price,
    low: price,
    close: price,
    volumeFrom: amount,
    volumeTo: amount,
    trades: z.number().int().nonnegative().nullable(),
    origin: OriginSchema,
  })
  .refine((c) => c.high >= Math.max(c.open, c.close, c.low) && c.low <= Math.min(c.open, c.close), {
    message: 'high/low must bound open and close',
  });
export type Candle = z.infer<typeof CandleSchema>;

/** A single trade (room for the trade channel; not yet produced). */
export const TradeSchema = z.object({
  market: MarketSchema,
  base: SymbolSchema,
  quote: SymbolSchema,
  ts: epochMs,
  tradeId: z.string().min(1).max(64),
  price,
  quantity: amount,
  side: z.enum(['buy', 'sell', 'unknown']),
  origin: OriginSchema,
});
export type Trade = z.infer<typeof TradeSchema>;

export const PriceTickMessageSchema = envelopeSchema('PriceTick', 1, PriceTickSchema);
export const CandleMessageSchema = envelopeSchema('Candle1m', 1, CandleSchema);
export const TradeMessageSchema = envelopeSchema('Trade', 1, TradeSchema);
export type PriceTickMessage = z.infer<typeof PriceTickMessageSchema>;
export type CandleMessage = z.infer<typeof CandleMessageSchema>;
export type TradeMessage = z.infer<typeof TradeMessageSchema>;

/** Everything that can travel on a fixed data topic or a dynamic topic. */
export const MarketDataMessageSchema = z.discriminatedUnion('type', [
  PriceTickMessageSchema,
  CandleMessageSchema,
  TradeMessageSchema,
]);
export type MarketDataMessage = z.infer<typeof MarketDataMessageSchema>;
