import { unitFromName } from './random';
import type { BaseInfo, QuoteInfo } from './symbols';
import { aggregateMarket, altVolatility, defaultBases, defaultExchanges, defaultQuotes } from './symbols';

const quoteVolumeShare: Readonly<Record<string, number>> = { USD: 0.25, USDT: 0.45, EUR: 0.05, BTC: 0.08 };

export type UniverseOptions = {
  /** Known base symbols; names outside the built-in table get a made-up but stable profile. */
  bases?: readonly string[];
  quotes?: readonly string[];
  exchanges?: readonly string[];
};

/** Which coins, quotes and exchanges exist, and where each pair's price starts. */
export class Universe {
  readonly bases: ReadonlyMap<string, BaseInfo>;
  readonly quotes: ReadonlyMap<string, QuoteInfo>;
  private readonly exchangesByUpper: ReadonlyMap<string, string>;

  constructor(options: UniverseOptions = {}) {
    const baseNames = options.bases ?? Object.keys(defaultBases);
    this.bases = new Map(baseNames.map((name) => [name.toUpperCase(), baseProfile(name.toUpperCase())]));
    const quoteNames = options.quotes ?? Object.keys(defaultQuotes);
    this.quotes = new Map(quoteNames.map((name) => [name.toUpperCase(), quoteProfile(name.toUpperCase())]));
    const exchanges = options.exchanges ?? defaultExchanges;
    this.exchangesByUpper = new Map(exchanges.map((name) => [name.toUpperCase(), name]));
  }

  isKnownBase(symbol: string): boolean {
    return this.bases.has(symbol);
  }

  isKnownQuote(symbol: string): boolean {
    return this.quotes.has(symbol);
  }

  pairExists(base: string, quote: string): boolean {
    return base !== quote && this.bases.has(base) && this.quotes.has(quote);
  }

  /** Canonical market name ("CCCAGG", "Coinbase") for any casing, or null when unknown. */
  marketName(name: string): string | null {
    const upper = name.toUpperCase();
    if (upper === aggregateMarket) return aggregateMarket;
    return this.exchangesByUpper.get(upper) ?? null;
  }

  exchanges(): string[] {
    return [...this.exchangesByUpper.values()];
  }

  baseInfo(base: string): BaseInfo {
    return this.bases.get(base) ?? baseProfile(base);
  }

  /** Starting price of base in quote, from the USD levels. */
  initialLevel(base: string, quote: string): number {
    const baseUsd = this.baseInfo(base).usd;
    const quoteInfo = this.quotes.get(quote) ?? quoteProfile(quote);
    const quoteUsd = quoteInfo.usd === 'BTC' ? this.baseInfo('BTC').usd : quoteInfo.usd;
    return baseUsd / quoteUsd;
  }

  /** Where a pair's walk starts and how much it moves and trades per minute. */
  pairProfile(
    base: string,
    quote: string,
  ): { startPrice: number; volatility: number; meanMinuteVolume: number } {
    const info = this.baseInfo(base);
    return {
      startPrice: this.initialLevel(base, quote),
      volatility: info.volatility ?? altVolatility,
      // About 2% of the supply changes hands a day, split across quotes like real books.
      meanMinuteVolume: (info.circulatingSupply * 0.02 * (quoteVolumeShare[quote] ?? 0.03)) / 1440,
    };
  }

  quoteGlyph(quote: string): string {
    return (this.quotes.get(quote) ?? quoteProfile(quote)).glyph;
  }
}

function baseProfile(name: string): BaseInfo {
  const known = defaultBases[name];
  if (known) return known;
  // A stable invented coin: price between 0.05 and 50 USD, a few hundred million units.
  const unit = unitFromName(`base:${name}`);
  return { usd: Number((0.05 * 1000 ** unit).toPrecision(4)), circulatingSupply: 5e8, maxSupply: -1 };
}

function quoteProfile(name: string): QuoteInfo {
  return defaultQuotes[name] ?? { usd: defaultBases[name]?.usd ?? 1, glyph: name };
}
