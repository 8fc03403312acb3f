/** Message key of market data: `MARKET:BASE-QUOTE`, so one pair always lands on one partition, in order. */
export function pairKey(p: { market: string; base: string; quote: string }): string {
  return `${p.market}:${p.base}-${p.quote}`;
}

/** Identity of a tick: same pair, update time, trade id and price means the same update. */
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
