import { AGGREGATE_MARKET } from '@mdp/contracts/symbols';
import type { Pair } from '../pairs';

/**
 * The streamer channels for a pair: the aggregate index (type 5) on CCCAGG or the exchange ticker
 * (type 2) elsewhere, and the minute OHLC (type 24) when candles are wanted. Tickers come first,
 * so they are the ones kept when the per-socket subscription limit cuts the list.
 */
export function subscriptionsFor(pairs: readonly Pair[], withCandles: boolean): string[] {
  const tickers = pairs.map((p) =>
    p.market === AGGREGATE_MARKET ? `5~CCCAGG~${p.base}~${p.quote}` : `2~${p.market}~${p.base}~${p.quote}`,
  );
  const candles = withCandles ? pairs.map((p) => `24~${p.market}~${p.base}~${p.quote}~m`) : [];
  return [...tickers, ...candles];
}
