// The symbol universe the simulator knows: realistic starting levels, supplies and glyphs.
// Anything outside it is answered like the real API answers an unknown coin or pair.

export type BaseInfo = {
  /** Starting price in USD. */
  usd: number;
  circulatingSupply: number;
  /** -1 = unlimited, as on the stream. */
  maxSupply: number;
  /** Volatility per minute (log-return standard deviation). */
  volatility?: number;
};

export type QuoteInfo = {
  /** Value of one unit of the quote in USD; 'BTC' follows the BTC level. */
  usd: number | 'BTC';
  glyph: string;
};

const stable = 0.00004;
const major = 0.0006;
/** Volatility of coins without their own figure. */
export const altVolatility = 0.0009;

export const defaultBases: Readonly<Record<string, BaseInfo>> = {
  BTC: { usd: 65000, circulatingSupply: 19_700_000, maxSupply: 21_000_000, volatility: major },
  ETH: { usd: 3200, circulatingSupply: 120_200_000, maxSupply: -1, volatility: major },
  USDT: { usd: 1.0003, circulatingSupply: 110_000_000_000, maxSupply: -1, volatility: stable },
  BNB: { usd: 580, circulatingSupply: 147_000_000, maxSupply: 200_000_000 },
  SOL: { usd: 150, circulatingSupply: 460_000_000, maxSupply: -1 },
  XRP: { usd: 0.55, circulatingSupply: 55_000_000_000, maxSupply: 100_000_000_000 },
  USDC: { usd: 1, circulatingSupply: 33_000_000_000, maxSupply: -1, volatility: stable },
  ADA: { usd: 0.45, circulatingSupply: 35_500_000_000, maxSupply: 45_000_000_000 },
  DOGE: { usd: 0.12, circulatingSupply: 145_000_000_000, maxSupply: -1 },
  TRX: { usd: 0.12, circulatingSupply: 87_000_000_000, maxSupply: -1 },
  AVAX: { usd: 30, circulatingSupply: 393_000_000, maxSupply: 720_000_000 },
  DOT: { usd: 6.5, circulatingSupply: 1_430_000_000, maxSupply: -1 },
  LINK: { usd: 14, circulatingSupply: 587_000_000, maxSupply: 1_000_000_000 },
  MATIC: { usd: 0.6, circulatingSupply: 9_900_000_000, maxSupply: 10_000_000_000 },
  TON: { usd: 6, circulatingSupply: 2_500_000_000, maxSupply: -1 },
  SHIB: { usd: 0.000018, circulatingSupply: 589_000_000_000_000, maxSupply: -1 },
  LTC: { usd: 75, circulatingSupply: 74_800_000, maxSupply: 84_000_000 },
  BCH: { usd: 400, circulatingSupply: 19_700_000, maxSupply: 21_000_000 },
  UNI: { usd: 8, circulatingSupply: 600_000_000, maxSupply: 1_000_000_000 },
  XLM: { usd: 0.1, circulatingSupply: 29_000_000_000, maxSupply: 50_001_806_812 },
  ATOM: { usd: 7, circulatingSupply: 390_000_000, maxSupply: -1 },
  ETC: { usd: 25, circulatingSupply: 147_000_000, maxSupply: 210_700_000 },
  XMR: { usd: 160, circulatingSupply: 18_400_000, maxSupply: -1 },
  FIL: { usd: 5, circulatingSupply: 560_000_000, maxSupply: 1_960_000_000 },
  APT: { usd: 8, circulatingSupply: 450_000_000, maxSupply: -1 },
  ARB: { usd: 0.9, circulatingSupply: 3_000_000_000, maxSupply: 10_000_000_000 },
  OP: { usd: 2, circulatingSupply: 1_100_000_000, maxSupply: 4_294_967_296 },
  NEAR: { usd: 5, circulatingSupply: 1_070_000_000, maxSupply: -1 },
  VET: { usd: 0.03, circulatingSupply: 72_700_000_000, maxSupply: 86_712_634_466 },
  ICP: { usd: 10, circulatingSupply: 465_000_000, maxSupply: -1 },
  AAVE: { usd: 95, circulatingSupply: 14_800_000, maxSupply: 16_000_000 },
  ALGO: { usd: 0.15, circulatingSupply: 8_100_000_000, maxSupply: 10_000_000_000 },
  EOS: { usd: 0.7, circulatingSupply: 1_120_000_000, maxSupply: -1 },
  XTZ: { usd: 0.8, circulatingSupply: 990_000_000, maxSupply: -1 },
  SAND: { usd: 0.4, circulatingSupply: 2_250_000_000, maxSupply: 3_000_000_000 },
  MANA: { usd: 0.4, circulatingSupply: 1_900_000_000, maxSupply: 2_190_000_000 },
  AXS: { usd: 6, circulatingSupply: 145_000_000, maxSupply: 270_000_000 },
  GRT: { usd: 0.2, circulatingSupply: 9_500_000_000, maxSupply: -1 },
  MKR: { usd: 2500, circulatingSupply: 900_000, maxSupply: 1_005_577 },
  COMP: { usd: 55, circulatingSupply: 8_400_000, maxSupply: 10_000_000 },
  ZEC: { usd: 30, circulatingSupply: 16_300_000, maxSupply: 21_000_000 },
  DASH: { usd: 28, circulatingSupply: 11_900_000, maxSupply: 18_900_000 },
};

export const defaultQuotes: Readonly<Record<string, QuoteInfo>> = {
  USD: { usd: 1, glyph: '$' },
  EUR: { usd: 1.087, glyph: '€' },
  USDT: { usd: 1.0003, glyph: '₮' },
  BTC: { usd: 'BTC', glyph: 'Ƀ' },
};

export const defaultExchanges: readonly string[] = [
  'Coinbase',
  'Binance',
  'Kraken',
  'Bitstamp',
  'Bitfinex',
  'Gemini',
  'OKX',
  'Bybit',
];

const baseGlyphs: Readonly<Record<string, string>> = { BTC: 'Ƀ', ETH: 'Ξ', LTC: 'Ł' };

export function baseGlyph(base: string): string {
  return baseGlyphs[base] ?? base;
}

export const aggregateMarket = 'CCCAGG';

export type PairName = { base: string; quote: string };

export function pairKey(base: string, quote: string): string {
  return `${base}-${quote}`;
}

/** "BTC-USD" (also "BTC/USD", "btc-usd") → { base, quote }; null when it is not a pair. */
export function parsePair(text: string): PairName | null {
  const parts = text.trim().toUpperCase().split(/[-/]/);
  const [base, quote] = parts;
  if (parts.length !== 2 || !base || !quote) return null;
  return { base, quote };
}

/** Rounds a price to about seven significant digits, like the real index (59692.06, 0.4521). */
export function roundPrice(price: number): number {
  if (!Number.isFinite(price) || price <= 0) return price;
  const decimals = Math.min(12, Math.max(2, 6 - Math.floor(Math.log10(price))));
  return Number(price.toFixed(decimals));
}
