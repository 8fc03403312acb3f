import { defaultBases } from '@mdp/cryptocompare-simulator/market/symbols';

/** The first `count` of the simulator's known coins (no fiat, so every BASE-USD / BASE-EUR exists). */
export function simulatorBases(count: number): string[] {
  const bases = Object.keys(defaultBases).filter((b) => b !== 'USD' && b !== 'EUR');
  if (bases.length < count) throw new Error(`the simulator knows ${bases.length} coins, ${count} asked`);
  return bases.slice(0, count);
}

export function pairList(bases: readonly string[], quotes: readonly string[]): string[] {
  return quotes.flatMap((q) => bases.map((b) => `${b}-${q}`));
}
