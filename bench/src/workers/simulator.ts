import { createWriteStream } from 'node:fs';
import { createSimulator } from '@mdp/cryptocompare-simulator/simulator';
import { z } from 'zod';
import { sleep } from '../harness/timing';
import { deadline, runWorker } from './worker-runtime';

const config = z.object({
  ...deadline,
  port: z.number().int().min(1).max(65_535),
  pairs: z.array(z.string()).min(1).max(600),
  seed: z.number().int(),
  /** `BASE-QUOTE|tradeId,atMs` per tick of `recordMarket`, written as the simulator makes them. */
  recordFile: z.string().min(1),
  /** The simulated market whose ticks are recorded (the one the benchmarked source reads). */
  recordMarket: z.enum(['CCCAGG', 'Coinbase']).default('CCCAGG'),
});

/**
 * The CryptoCompare simulator as a load generator whose rate the runner sets at run time
 * (`{"cmd":"rate","ticksPerSecond":N}`): the market is stepped here, every active pair once a step,
 * instead of by the simulator's own timer. The simulator's record of when it made each tick (its
 * ground truth) goes to `recordFile`, the start of every latency measured downstream.
 */
runWorker(config, async (c, io) => {
  // A tick rate so low that the simulator's own timer never fires during a run.
  const sim = createSimulator({
    port: c.port,
    pairs: c.pairs,
    seed: c.seed,
    tickRate: 0.0001,
    emittedCapacity: 1_000_000,
  });
  const address = await sim.start();
  const out = createWriteStream(c.recordFile);
  let cursor = 0;
  const drain = () => {
    const ticks = sim.emitted.ticks({ since: cursor, market: c.recordMarket });
    cursor = sim.emitted.latestSeq();
    sim.emitted.clear();
    if (ticks.length > 0) out.write(ticks.map((t) => `${t.pair}|${t.lastTradeId},${t.atMs}\n`).join(''));
    return ticks.length;
  };
  let stepsPerSecond = 0;
  let rateSince = Date.now();
  let stepsSince = 0;
  let stop = false;
  let total = 0;
  io.onCommand((command) => {
    if (command.cmd === 'rate') {
      stepsPerSecond = Number(command.ticksPerSecond) / c.pairs.length;
      rateSince = Date.now();
      stepsSince = 0;
    } else if (command.cmd === 'stop') stop = true;
  });
  io.emit('ready', { ...address });
  let lastDrain = Date.now();
  while (!stop) {
    const due = Math.floor(((Date.now() - rateSince) * stepsPerSecond) / 1000) - stepsSince;
    // At most a few steps at once: after a stall the rate drops rather than bursts.
    for (let k = 0; k < Math.min(due, 5); k++) sim.market.step();
    if (due > 0) stepsSince += due;
    if (Date.now() - lastDrain >= 500) {
      total += drain();
      lastDrain = Date.now();
    }
    const next =
      stepsPerSecond > 0 ? rateSince + ((stepsSince + 1) * 1000) / stepsPerSecond : Date.now() + 50;
    await sleep(Math.max(1, Math.min(50, next - Date.now())));
  }
  total += drain();
  await new Promise<void>((resolve) => out.end(resolve));
  await sim.stop();
  return { ticks: total };
});
