import { pairKey } from '@mdp/contracts/keys';
import type { Candle, PriceTick } from '@mdp/contracts/market-data';

type EmittedTick = { market: string; pair: string; lastUpdate: number; price: number; lastTradeId: string };
type EmittedCandle = {
  market: string;
  pair: string;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumefrom: number;
  volumeto: number;
};

export type TruthReport = {
  /** Published ticks that match no update the simulator made (after its first one). */
  unknownTicks: number;
  /** Share of the simulator's updates that reached the topic (outages lose intermediate updates). */
  tickCoverage: number;
  /** Closed minutes whose last revision on the topic differs from the simulator's. */
  candleMismatches: Array<{ pair: string; start: string; field: string }>;
  candlesCompared: number;
};

/** Compares the topics with the simulator's record of what it emitted (`GET /_sim/emitted`). */
export async function compareWithSimulator(
  simUrl: string,
  ticks: readonly PriceTick[],
  candles: readonly Candle[],
): Promise<TruthReport> {
  const body = (await (await fetch(`${simUrl}/_sim/emitted?market=CCCAGG`)).json()) as {
    ticks: EmittedTick[];
    candles: EmittedCandle[];
  };
  const firstByPair = new Map<string, number>();
  const truth = new Set<string>();
  for (const e of body.ticks) {
    const key = `CCCAGG:${e.pair}`;
    if (!firstByPair.has(key)) firstByPair.set(key, e.lastUpdate * 1000);
    truth.add(`${key}|${e.lastUpdate * 1000}|${e.price}|${e.lastTradeId}`);
  }
  const published = new Set(ticks.map((t) => `${pairKey(t)}|${t.ts}|${t.price}|${t.tradeId}`));
  const unknownTicks = ticks.filter(
    (t) =>
      t.ts >= (firstByPair.get(pairKey(t)) ?? Number.POSITIVE_INFINITY) &&
      !truth.has(`${pairKey(t)}|${t.ts}|${t.price}|${t.tradeId}`),
  ).length;
  const covered = [...truth].filter((id) => published.has(id)).length;

  const lastRevision = new Map<string, Candle>();
  for (const c of candles) lastRevision.set(`${pairKey(c)}@${c.start}`, c);
  const candleMismatches: TruthReport['candleMismatches'] = [];
  let candlesCompared = 0;
  for (const e of body.candles) {
    const got = lastRevision.get(`CCCAGG:${e.pair}@${e.time * 1000}`);
    if (!got) continue;
    candlesCompared++;
    const pairs: Array<[string, number, number]> = [
      ['open', got.open, e.open],
      ['high', got.high, e.high],
      ['low', got.low, e.low],
      ['close', got.close, e.close],
      ['volumeFrom', got.volumeFrom, e.volumefrom],
      ['volumeTo', got.volumeTo, e.volumeto],
    ];
    const wrong = pairs.find(([, a, b]) => Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b)));
    if (wrong)
      candleMismatches.push({ pair: e.pair, start: new Date(e.time * 1000).toISOString(), field: wrong[0] });
  }
  return {
    unknownTicks,
    tickCoverage: truth.size === 0 ? 1 : covered / truth.size,
    candleMismatches,
    candlesCompared,
  };
}
