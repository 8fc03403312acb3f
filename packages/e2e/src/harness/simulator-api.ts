import type { EmittedCandle, EmittedTick } from '@mdp/cryptocompare-simulator/emitted';
import { getJson, postJson, request } from './http';

/** What the simulator emitted (its ground truth, GET /_sim/emitted), in the simulator's own types. */
export type { EmittedCandle, EmittedTick };

type Emitted = { latestSeq: number; ticks: EmittedTick[]; candles: EmittedCandle[] };

export type SimulatorApi = ReturnType<typeof simulatorApi>;

/** The simulator's admin routes (never faulted or rate limited) and the REST history it serves. */
export function simulatorApi(baseUrl: string) {
  const emitted = async (query: Record<string, string | number>): Promise<Emitted> => {
    const params = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const result = await getJson(`${baseUrl}/_sim/emitted?${params}`);
    if (result.status !== 200) throw new Error(`/_sim/emitted answered ${result.status}: ${result.text}`);
    return result.json as Emitted;
  };
  return {
    ticks: async (query: Record<string, string | number> = {}) =>
      (await emitted({ ...query, kind: 'ticks' })).ticks,
    candles: async (query: Record<string, string | number> = {}) =>
      (await emitted({ ...query, kind: 'candles' })).candles,
    setFaults: async (spec: unknown) => {
      const result = await postJson(`${baseUrl}/_sim/faults`, spec);
      if (result.status !== 200) throw new Error(`/_sim/faults refused: ${result.text}`);
    },
    clearFaults: async () => {
      await request(`${baseUrl}/_sim/faults`, { method: 'DELETE' });
    },
    state: async () => (await getJson(`${baseUrl}/_sim/state`)).json as Record<string, unknown>,
    /** Minute candles as the REST API serves them (what the producer's backfill reads). */
    histominute: async (pair: string, limit: number) => {
      const [fsym, tsym] = pair.split('-');
      const result = await getJson(`${baseUrl}/data/v2/histominute?fsym=${fsym}&tsym=${tsym}&limit=${limit}`);
      const body = result.json as { Data?: { Data?: HistoMinute[] } };
      return body.Data?.Data ?? [];
    },
  };
}

export type HistoMinute = {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumefrom: number;
  volumeto: number;
};
