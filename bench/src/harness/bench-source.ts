import { z } from 'zod';

/** The producer source the simulator-fed benchmarks run: `MDP_BENCH_SOURCE`, default cryptocompare. */
export const BenchSourceSchema = z.enum(['cryptocompare', 'coinbase', 'coindesk']).default('cryptocompare');
export type BenchSource = z.infer<typeof BenchSourceSchema>;

export function benchSource(env: NodeJS.ProcessEnv = process.env): BenchSource {
  const parsed = BenchSourceSchema.safeParse(env.MDP_BENCH_SOURCE || undefined);
  if (!parsed.success) throw new Error('MDP_BENCH_SOURCE must be one of cryptocompare, coinbase, coindesk');
  return parsed.data;
}

/** What a source publishes under (dynamic specs must name it) and the simulator market it reads. */
export const SOURCE_MARKETS: Readonly<Record<BenchSource, { published: string; simulated: string }>> = {
  cryptocompare: { published: 'CCCAGG', simulated: 'CCCAGG' },
  coinbase: { published: 'COINBASE', simulated: 'Coinbase' },
  coindesk: { published: 'CADLI', simulated: 'CCCAGG' },
};

/** A ticks spec of the source's market (the contracts' default market is CCCAGG). */
export function ticksSpec(source: BenchSource, quote: string, symbols: readonly string[]) {
  const market = SOURCE_MARKETS[source].published;
  return { kind: 'ticks', quote, symbols, ...(market === 'CCCAGG' ? {} : { market }) };
}

export type SimulatorUrls = {
  baseUrl: string;
  wsUrl: string;
  coinbaseRestUrl: string;
  coinbaseWsUrl: string;
  coindeskBaseUrl: string;
  coindeskWsUrl: string;
};

/** Producer settings running only `source` against the simulator for these pairs, streaming only. */
export function sourceEnv(
  source: BenchSource,
  sim: SimulatorUrls,
  pairs: readonly string[],
): Record<string, string> {
  const common = {
    PRODUCER_SOURCES: source,
    PRODUCER_REST_ENABLED: 'false',
    PRODUCER_CANDLES_ENABLED: 'false',
  };
  if (source === 'coinbase')
    return {
      ...common,
      COINBASE_REST_URL: sim.coinbaseRestUrl,
      COINBASE_WS_URL: sim.coinbaseWsUrl,
      COINBASE_PAIRS: pairs.join(','),
    };
  if (source === 'coindesk')
    return {
      ...common,
      COINDESK_BASE_URL: sim.coindeskBaseUrl,
      COINDESK_WS_URL: sim.coindeskWsUrl,
      COINDESK_PAIRS: pairs.join(','),
      // The benchmark simulator asks no key; one is set so the producer does not warn about it.
      COINDESK_API_KEY: 'bench-simulator-key',
    };
  return {
    ...common,
    CRYPTOCOMPARE_BASE_URL: sim.baseUrl,
    CRYPTOCOMPARE_WS_URL: sim.wsUrl,
    PRODUCER_PAIRS: pairs.join(','),
  };
}
