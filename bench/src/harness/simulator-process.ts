import { join } from 'node:path';
import { findFreePort } from '@mdp/local-infra/free-port';
import { benchSource, type SimulatorUrls, SOURCE_MARKETS, sourceEnv } from './bench-source';
import type { RunContext } from './run-context';
import { startWorker, type WorkerHandle } from './worker-process';

export type SimulatorProcess = SimulatorUrls & {
  recordFile: string;
  worker: WorkerHandle;
  setRate(ticksPerSecond: number): void;
  /** Stops it; resolves when its tick record is complete on disk. */
  stop(): Promise<void>;
};

/**
 * The simulator as its own process, ticking at a rate the benchmark sets; its tick record is of the
 * market `MDP_BENCH_SOURCE` reads.
 */
export async function startSimulator(
  ctx: RunContext,
  pairs: readonly string[],
  label: string,
): Promise<SimulatorProcess> {
  const recordFile = join(ctx.logDir, `${label}-ticks.csv`);
  const worker = startWorker(
    'simulator',
    {
      port: await findFreePort(),
      pairs,
      seed: 1,
      recordFile,
      recordMarket: SOURCE_MARKETS[benchSource()].simulated,
      deadlineMs: 30 * 60_000,
    },
    { logDir: ctx.logDir, label },
  );
  const ready = await worker.waitFor('ready', 60_000);
  let stopped: Promise<void> | undefined;
  return {
    baseUrl: String(ready.baseUrl),
    wsUrl: String(ready.wsUrl),
    coinbaseRestUrl: String(ready.coinbaseRestUrl),
    coinbaseWsUrl: String(ready.coinbaseWsUrl),
    coindeskBaseUrl: String(ready.coindeskBaseUrl),
    coindeskWsUrl: String(ready.coindeskWsUrl),
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

/** Producer settings running the `MDP_BENCH_SOURCE` source against the simulator, streaming only. */
export function producerEnvFor(sim: SimulatorProcess, pairs: readonly string[]): Record<string, string> {
  return sourceEnv(benchSource(), sim, pairs);
}
