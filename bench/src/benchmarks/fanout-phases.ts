import { findFreePort } from '@mdp/local-infra/free-port';
import { type FleetResult, startFleet } from '../harness/client-fleet';
import { BENCH_API_KEY } from '../harness/platform';
import type { RunContext } from '../harness/run-context';
import { cpuSecondsOf, machineBusySeconds, rssOf } from '../harness/service';
import { mergeHistograms, summarizeHistograms } from '../harness/stats';
import { sleep } from '../harness/timing';
import { startWorker } from '../harness/worker-process';

export type FanoutTarget = {
  label: string;
  /** The server process (gateway or bare baseline): its memory and CPU are measured. */
  pid: number;
  baseUrl: string;
  topic: string;
};

export type PhaseResult = FleetResult & {
  serverCpuCores: number | null;
  clientCpuCores: number | null;
  /** Cores the whole machine kept busy (broker, database, feeder, everything). */
  machineBusyCores: number | null;
};

/** CPU seconds used so far by all these processes together (null if any cannot be read). */
async function cpuOf(pids: readonly number[]): Promise<number | null> {
  const each = await Promise.all(pids.map(cpuSecondsOf));
  return each.some((c) => c === null) ? null : each.reduce<number>((n, c) => n + (c ?? 0), 0);
}

/** How many cores each group of processes kept busy while `fn` ran. */
async function coresDuring(
  groups: readonly (readonly number[])[],
  fn: () => Promise<void>,
): Promise<(number | null)[]> {
  const before = await Promise.all(groups.map(cpuOf));
  const t0 = Date.now();
  await fn();
  const after = await Promise.all(groups.map(cpuOf));
  const seconds = (Date.now() - t0) / 1000;
  return groups.map((_, i) => {
    const a = after[i];
    const b = before[i];
    return a === null || a === undefined || b === null || b === undefined ? null : (a - b) / seconds;
  });
}

export type FanoutSizes = {
  busyClients: number;
  idleClients: number;
  warmupMs: number;
  measureMs: number;
  settleMs: number;
};

/** The paced feeder on the topic for one phase; stopped by `stop()`. */
async function feed(ctx: RunContext, topic: string, ratePerSecond: number, label: string) {
  const feeder = startWorker(
    'feeder',
    { brokers: ctx.brokers, topic, ratePerSecond, maxDurationMs: 600_000, pairs: 10, deadlineMs: 660_000 },
    { logDir: ctx.logDir, label },
  );
  await feeder.waitFor('ready', 60_000);
  return {
    stop: async () => {
      feeder.send({ cmd: 'stop' });
      return feeder.result(30_000);
    },
  };
}

/** N clients of one transport on the topic at `rate` msgs/s: deliveries/s and latency. */
export async function busyPhase(
  ctx: RunContext,
  target: FanoutTarget,
  transport: 'sse' | 'ws',
  sizes: FanoutSizes,
  rate: number,
  measureMs = sizes.measureMs,
): Promise<PhaseResult> {
  const fleet = startFleet({
    logDir: ctx.logDir,
    label: `${target.label}-${transport}-${rate}`,
    baseUrl: target.baseUrl,
    apiKey: BENCH_API_KEY,
    transport,
    clients: sizes.busyClients,
    processes: sizes.busyClients >= 200 ? 2 : 1,
    topic: target.topic,
    connectPerSecond: 1000,
    mode: 'ts-latency',
  });
  const connected = await fleet.connected;
  ctx.log(`${target.label} ${transport}: ${connected.ready}/${sizes.busyClients} clients ready`);
  const feeder = await feed(ctx, target.topic, rate, `${target.label}-${transport}-${rate}-feeder`);
  await sleep(sizes.warmupMs);
  fleet.measure();
  const busy0 = await machineBusySeconds();
  const t0 = Date.now();
  const [server = null, clients = null] = await coresDuring([[target.pid], fleet.pids], () =>
    sleep(measureMs),
  );
  const busy1 = await machineBusySeconds();
  const machine = busy0 === null || busy1 === null ? null : (busy1 - busy0) / ((Date.now() - t0) / 1000);
  const result = await fleet.finish();
  await feeder.stop();
  return { ...result, serverCpuCores: server, clientCpuCores: clients, machineBusyCores: machine };
}

export type IdleResult = FleetResult & {
  rssBefore: number | null;
  rssAfter: number | null;
  perConnection: number | null;
};

/**
 * Half SSE, half WebSocket clients on a topic at 1 msg/s: the memory each connection costs the
 * server (RSS after connecting and settling minus RSS before, over the clients).
 */
export async function idlePhase(
  ctx: RunContext,
  target: FanoutTarget,
  sizes: FanoutSizes,
): Promise<IdleResult> {
  await sleep(sizes.settleMs);
  const rssBefore = await rssOf(target.pid);
  const half = Math.floor(sizes.idleClients / 2);
  const processes = sizes.idleClients >= 2000 ? 2 : 1;
  const fleets = (['sse', 'ws'] as const).map((transport, i) =>
    startFleet({
      logDir: ctx.logDir,
      label: `${target.label}-${transport}-idle`,
      baseUrl: target.baseUrl,
      apiKey: BENCH_API_KEY,
      transport,
      clients: i === 0 ? half : sizes.idleClients - half,
      processes,
      topic: target.topic,
      connectPerSecond: 1000,
      mode: 'ts-latency',
    }),
  );
  const connected = await Promise.all(fleets.map((f) => f.connected));
  ctx.log(
    `${target.label} idle: ${connected.reduce((n, c) => n + c.ready, 0)}/${sizes.idleClients} clients ready`,
  );
  const feeder = await feed(ctx, target.topic, 1, `${target.label}-idle-feeder`);
  await sleep(sizes.settleMs);
  const rssAfter = await rssOf(target.pid);
  for (const f of fleets) f.measure();
  await sleep(sizes.measureMs);
  const [sse, ws] = (await Promise.all(fleets.map((f) => f.finish()))) as [FleetResult, FleetResult];
  await feeder.stop();
  const ready = sse.ready + ws.ready;
  const perConnection =
    rssBefore !== null && rssAfter !== null && ready > 0 ? (rssAfter - rssBefore) / ready : null;
  return {
    ...merge(sse, ws),
    rssBefore,
    rssAfter,
    perConnection,
  };
}

function merge(a: FleetResult, b: FleetResult): FleetResult {
  const endings = { ...a.endings };
  for (const [k, v] of Object.entries(b.endings)) endings[k] = (endings[k] ?? 0) + v;
  return {
    ready: a.ready + b.ready,
    ended: a.ended + b.ended,
    delivered: a.delivered + b.delivered,
    measuredMs: Math.max(a.measuredMs, b.measuredMs),
    deliveriesPerSecond: a.deliveriesPerSecond + b.deliveriesPerSecond,
    latency: summarizeHistograms([a.histogram, b.histogram]),
    histogram: mergeHistograms([a.histogram, b.histogram]),
    records: [],
    endings,
  };
}

/** The bare fan-out server (baseline) on a free port, reading the same topic. */
export async function startBareFanout(ctx: RunContext, topic: string) {
  const port = await findFreePort();
  const worker = startWorker(
    'bare-fanout',
    { brokers: ctx.brokers, topic, port, deadlineMs: 30 * 60_000 },
    { logDir: ctx.logDir },
  );
  await worker.waitFor('ready', 60_000);
  return { port, worker };
}
