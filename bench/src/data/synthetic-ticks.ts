import { Headers } from '@mdp/contracts/headers';
import type { PriceTick } from '@mdp/contracts/market-data';

export type BenchPair = { market: string; base: string; quote: string };

/** `count` made-up pairs on CCCAGG: 50 bases (`C00`..`C49`) over USD, then EUR, USDT, BTC. */
export function syntheticPairs(count: number): BenchPair[] {
  const quotes = ['USD', 'EUR', 'USDT', 'BTC'];
  return Array.from({ length: count }, (_, i) => ({
    market: 'CCCAGG',
    base: `C${String(i % 50).padStart(2, '0')}`,
    quote: quotes[Math.floor(i / 50) % quotes.length] ?? 'USD',
  }));
}

/**
 * Tick number `i` of a deterministic series: pair `i % pairs`, update time `startMs + round`, trade id
 * `round` — unique on the sink's natural key, so every tick becomes one row.
 */
export function syntheticTick(i: number, pairs: readonly BenchPair[], startMs: number): PriceTick {
  const pair = pairs[i % pairs.length] as BenchPair;
  const round = Math.floor(i / pairs.length);
  const price = 100 + (i % pairs.length) + (round % 1000) / 1000;
  return {
    market: pair.market,
    base: pair.base,
    quote: pair.quote,
    price,
    ts: startMs + round,
    tradeId: String(round),
    lastVolume: 0.5,
    lastVolumeTo: price * 0.5,
    volumeDay: 1000 + round,
    volumeDayTo: (1000 + round) * price,
    volume24h: 2000,
    volume24hTo: 2000 * price,
    openDay: 99,
    highDay: price + 5,
    lowDay: 95,
    open24h: 98,
    high24h: price + 6,
    low24h: 94,
    bid: price - 0.01,
    ask: price + 0.01,
    median: price,
    flags: 1,
    origin: 'stream',
  };
}

/** The PriceTick envelope as the producer writes it (already valid: built from a valid tick). */
export function tickEnvelopeJson(tick: PriceTick, id: string, atIso: string): string {
  return JSON.stringify({ type: 'PriceTick', version: 1, id, at: atIso, source: 'bench', data: tick });
}

/** The headers every platform message carries. */
export function platformHeaders(producedAtMs: number, traceparent: string): Record<string, string> {
  return {
    [Headers.producedAt]: String(producedAtMs),
    [Headers.traceparent]: traceparent,
    [Headers.messageType]: 'PriceTick',
  };
}
