import { join } from 'node:path';
import { findFreePort } from '@mdp/local-infra/free-port';
import type { RunContext } from './run-context';
import { startWorker, type WorkerHandle } from './worker-process';

export type SimulatorProcess = {
  baseUrl: string;
  wsUrl: string;
  recordFile: string;
  worker: WorkerHandle;
  setRate(ticksPerSecond: number): void;
  /** Stops it; resolves when its tick record is complete on disk. */
  stop(): Promise<void>;
};

/** The CryptoCompare simulator as its own process, ticking at a rate the benchmark sets. */
export async function startSimulator(
  ctx: RunContext,
  pairs: readonly string[],
  label: string,
): Promise<SimulatorProcess> {
  const recordFile = join(ctx.logDir, `${label}-ticks.csv`);
  const worker = startWorker(
    'simulator',
    { port: await findFreePort(), pairs, seed: 1, recordFile, deadlineMs: 30 * 60_000 },
    { logDir: ctx.logDir, label },
  );
  const ready = await worker.waitFor('ready', 60_000);
  let stopped: Promise<void> | undefined;
  return {
    baseUrl: String(ready.baseUrl),
    wsUrl: String(ready.wsUrl),
    recordFile,
    worker,
    setRate: (ticksPerSecond) => worker.send({ cmd: 'rate', ticksPerSecond }),
    stop: () => {
      stopped ??= (async () => {
        worker.send({ cmd: 'stop' });
        await worker.result(60_000);
      })();
      return stopped;
    },
  };
}

/** Producer settings pointing it at the simulator for these pairs, streaming only. */
export function producerEnvFor(sim: SimulatorProcess, pairs: readonly string[]): Record<string, string> {
  return {
    CRYPTOCOMPARE_BASE_URL: sim.baseUrl,
    CRYPTOCOMPARE_WS_URL: sim.wsUrl,
    PRODUCER_PAIRS: pairs.join(','),
    PRODUCER_REST_ENABLED: 'false',
    PRODUCER_CANDLES_ENABLED: 'false',
  };
}
