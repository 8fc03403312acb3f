import type { Pair } from '../pairs';

/** Documented maximum lengths of the comma lists of `/data/pricemultifull`. */
export const FSYMS_MAX_CHARS = 300;
export const TSYMS_MAX_CHARS = 100;

export type PriceRequest = { market: string; fsyms: string[]; tsyms: string[]; pairs: Pair[] };

/** Splits symbols into comma lists of at most `max` characters. */
export function chunkByLength(symbols: readonly string[], max: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const s of symbols) {
    const added = current.length === 0 ? s.length : length + 1 + s.length;
    if (current.length > 0 && added > max) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    length = current.length === 0 ? s.length : length + 1 + s.length;
    current.push(s);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The calls that cover `pairs`: one market per call, tsyms chunks first (the tighter limit), then the
 * bases that need any of those quotes. A call returns the cross product; pairs not asked for are ignored.
 */
export function planPriceRequests(
  pairs: readonly Pair[],
  limits = { fsyms: FSYMS_MAX_CHARS, tsyms: TSYMS_MAX_CHARS },
): PriceRequest[] {
  const byMarket = new Map<string, Pair[]>();
  for (const p of pairs) byMarket.set(p.market, [...(byMarket.get(p.market) ?? []), p]);
  const requests: PriceRequest[] = [];
  for (const [market, marketPairs] of byMarket) {
    const quotes = [...new Set(marketPairs.map((p) => p.quote))].sort();
    for (const tsyms of chunkByLength(quotes, limits.tsyms)) {
      const wanted = marketPairs.filter((p) => tsyms.includes(p.quote));
      const bases = [...new Set(wanted.map((p) => p.base))].sort();
      for (const fsyms of chunkByLength(bases, limits.fsyms)) {
        const covered = wanted.filter((p) => fsyms.includes(p.base));
        const usedQuotes = tsyms.filter((q) => covered.some((p) => p.quote === q));
        requests.push({ market, fsyms, tsyms: usedQuotes, pairs: covered });
      }
    }
  }
  return requests;
}
