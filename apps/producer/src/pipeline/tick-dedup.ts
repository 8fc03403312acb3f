import { pairKey } from '@mdp/contracts/keys';
import type { PriceTick } from '@mdp/contracts/market-data';

/** Identities remembered per pair: REST answers lag the stream by seconds, several updates a second. */
const REMEMBERED = 64;

type PairState = { newestTs: number; recent: string[]; known: Set<string> };

function identity(t: PriceTick): string {
  return `${t.ts}|${t.price}|${t.tradeId}`;
}

/**
 * A tick identical (update time, price, last trade id) to one already published for its pair is not
 * published again: REST polls repeat unchanged prices, and REST and the stream overlap. The last
 * published is always remembered; so are a few before it, because a lagging REST answer can repeat an
 * update the stream delivered earlier in the same second. Ticks older than the newest published one
 * of the pair are dropped too, so a pair never goes back in time.
 */
export class TickDedup {
  private readonly pairs = new Map<string, PairState>();

  /** Returns the ticks worth publishing, in order; remembers nothing until `commit`. */
  filter(ticks: readonly PriceTick[]): { fresh: PriceTick[]; duplicates: number; stale: number } {
    const batch = new Map<string, { newestTs: number; ids: Set<string> }>();
    const fresh: PriceTick[] = [];
    let duplicates = 0;
    let stale = 0;
    for (const t of ticks) {
      const key = pairKey(t);
      const state = this.pairs.get(key);
      const pending = batch.get(key) ?? { newestTs: state?.newestTs ?? 0, ids: new Set<string>() };
      const id = identity(t);
      if (pending.ids.has(id) || state?.known.has(id)) duplicates++;
      else if (t.ts < pending.newestTs) stale++;
      else {
        fresh.push(t);
        pending.ids.add(id);
        pending.newestTs = t.ts;
        batch.set(key, pending);
      }
    }
    return { fresh, duplicates, stale };
  }

  /** Records ticks as published (call after the broker acknowledged them). */
  commit(ticks: readonly PriceTick[]): void {
    for (const t of ticks) {
      const key = pairKey(t);
      let state = this.pairs.get(key);
      if (!state) {
        state = { newestTs: 0, recent: [], known: new Set() };
        this.pairs.set(key, state);
      }
      const id = identity(t);
      if (state.known.has(id)) continue;
      state.newestTs = Math.max(state.newestTs, t.ts);
      state.recent.push(id);
      state.known.add(id);
      if (state.recent.length > REMEMBERED) state.known.delete(state.recent.shift() as string);
    }
  }

  forget(key: string): void {
    this.pairs.delete(key);
  }
}
