import type { Market } from '../market/market';
import { aggregateMarket } from '../market/symbols';
import { displayQuote } from './display';
import type { ErrorBody } from './envelope';
import { pairError, tooLong } from './envelope';
import { symbolList } from './params';
import type { RawQuote } from './raw';
import { rawQuote } from './raw';

// Documented parameter limits (2018-2019 docs; the producer must split longer lists).
export const maxFsymsLength = 300;
export const maxTsymsLength = 100;
export const maxMarketLength = 30;

export type PriceMultiFull = {
  RAW: Record<string, Record<string, RawQuote>>;
  DISPLAY: Record<string, Record<string, Record<string, string>>>;
};

/** GET /data/pricemultifull: a bare RAW + DISPLAY object, pairs that do not exist left out. */
export function priceMultiFull(query: URLSearchParams, market: Market): PriceMultiFull | ErrorBody {
  const fsyms = symbolList(query, 'fsyms', maxFsymsLength);
  if (!fsyms.ok) return fsyms.error;
  const tsyms = symbolList(query, 'tsyms', maxTsymsLength);
  if (!tsyms.ok) return tsyms.error;
  const requested = query.get('e') ?? aggregateMarket;
  if (requested.length > maxMarketLength) return tooLong('e', maxMarketLength);
  const marketName = market.universe.marketName(requested.trim() || aggregateMarket);
  const body: PriceMultiFull = { RAW: {}, DISPLAY: {} };
  let firstMissing: [string, string] | undefined;
  for (const base of fsyms.value) {
    for (const quote of tsyms.value) {
      const snap = marketName ? market.snapshot(marketName, base, quote) : null;
      if (!snap) {
        firstMissing ??= [base, quote];
        continue;
      }
      const raw = rawQuote(snap);
      body.RAW[base] = { ...body.RAW[base], [quote]: raw };
      body.DISPLAY[base] = {
        ...body.DISPLAY[base],
        [quote]: displayQuote(raw, market.universe.quoteGlyph(quote)),
      };
    }
  }
  if (Object.keys(body.RAW).length === 0) {
    const [base, quote] = firstMissing ?? [fsyms.value[0] ?? '', tsyms.value[0] ?? ''];
    return pairError(base, quote);
  }
  return body;
}
