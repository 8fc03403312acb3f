import { pairKey } from '@mdp/contracts/keys';
import type { PriceTick } from '@mdp/contracts/market-data';

type Identity = { ts: number; price: number; tradeId: string };

/**
 * A tick identical to the last one published for its pair (same update time, price and last trade
 * id) is not published again: REST polls repeat unchanged prices, and REST and stream overlap.
 * Ticks older than the last published one of the pair are dropped too, so a pair never goes back in time.
 */
export class TickDedup {
  private readonly last = new Map<string, Identity>();

  /** Returns the ticks worth publishing, in order; remembers nothing until `commit`. */
  filter(ticks: readonly PriceTick[]): { fresh: PriceTick[]; duplicates: number; stale: number } {
    const pending = new Map<string, Identity>();
    const fresh: PriceTick[] = [];
    let duplicates = 0;
    let stale = 0;
    for (const t of ticks) {
      const key = pairKey(t);
      const prev = pending.get(key) ?? this.last.get(key);
      if (prev && prev.ts === t.ts && prev.price === t.price && prev.tradeId === t.tradeId) duplicates++;
      else if (prev && t.ts < prev.ts) stale++;
      else {
        fresh.push(t);
        pending.set(key, { ts: t.ts, price: t.price, tradeId: t.tradeId });
      }
    }
    return { fresh, duplicates, stale };
  }

  /** Records ticks as published (call after the broker acknowledged them). */
  commit(ticks: readonly PriceTick[]): void {
    for (const t of ticks) this.last.set(pairKey(t), { ts: t.ts, price: t.price, tradeId: t.tradeId });
  }

  forget(key: string): void {
    this.last.delete(key);
  }
}
