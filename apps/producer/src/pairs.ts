import { AGGREGATE_MARKET } from '@mdp/contracts/symbols';

/** A market pair the producer fetches: CCCAGG index pairs by default, an exchange when named. */
export type Pair = { readonly market: string; readonly base: string; readonly quote: string };

const SYMBOL = /^[A-Z0-9]{1,15}$/;
const MARKET = /^[A-Z0-9]{1,30}$/;

/** `MARKET:BASE-QUOTE`, the same text as the contract's pairKey. */
export function pairId(p: Pair): string {
  return `${p.market}:${p.base}-${p.quote}`;
}

/** Pairs as `PRODUCER_PAIRS` takes them: `BTC-USD` for the aggregate index, `COINBASE:BTC-USD` else. */
export function pairListText(pairs: readonly Pair[], omitMarket = AGGREGATE_MARKET): string {
  return pairs.map((p) => (p.market === omitMarket ? `${p.base}-${p.quote}` : pairId(p))).join(',');
}

/** Parses `BTC-USD` or `COINBASE:BTC-USD` (case-insensitive); null when it is not a pair. */
export function parsePair(text: string): Pair | null {
  const trimmed = text.trim().toUpperCase();
  const colon = trimmed.indexOf(':');
  const market = colon >= 0 ? trimmed.slice(0, colon) : AGGREGATE_MARKET;
  const symbols = (colon >= 0 ? trimmed.slice(colon + 1) : trimmed).split('-');
  const [base, quote] = symbols;
  if (symbols.length !== 2 || base === undefined || quote === undefined) return null;
  if (!MARKET.test(market) || !SYMBOL.test(base) || !SYMBOL.test(quote) || base === quote) return null;
  return { market, base, quote };
}

/** Unique pairs, in first-seen order. */
export function uniquePairs(pairs: Iterable<Pair>): Pair[] {
  const seen = new Map<string, Pair>();
  for (const p of pairs) if (!seen.has(pairId(p))) seen.set(pairId(p), p);
  return [...seen.values()];
}
