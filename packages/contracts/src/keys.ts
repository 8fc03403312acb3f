/** Message key of market data: `MARKET:BASE-QUOTE`, so one pair always lands on one partition, in order. */
export function pairKey(p: { market: string; base: string; quote: string }): string {
  return `${p.market}:${p.base}-${p.quote}`;
}

/**
 * What the producer compares to skip a repeated update: same pair, update time, trade id and price.
 * The database's key is narrower (pair, ts, trade id): two ticks agreeing on those are one update.
 */
export function tickIdentity(t: {
  market: string;
  base: string;
  quote: string;
  ts: number;
  tradeId: string;
  price: number;
}): string {
  return `${pairKey(t)}@${t.ts}#${t.tradeId}$${t.price}`;
}
