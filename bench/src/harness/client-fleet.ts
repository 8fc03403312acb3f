import { type HistogramPairs, type LatencySummary, mergeHistograms, summarizeHistograms } from './stats';
import { sleep } from './timing';
import { startWorker, type WorkerHandle } from './worker-process';

export type FleetOptions = {
  logDir: string;
  label: string;
  baseUrl: string;
  apiKey: string;
  transport: 'sse' | 'ws';
  clients: number;
  /** Client processes to spread the clients over (load generators apart from the service). */
  processes: number;
  topic?: string;
  spec?: unknown;
  connectPerSecond: number;
  mode: 'ts-latency' | 'trade-record';
};

export type FleetResult = {
  ready: number;
  ended: number;
  delivered: number;
  measuredMs: number;
  deliveriesPerSecond: number;
  latency: LatencySummary;
  histogram: HistogramPairs;
  records: [string, number][];
  endings: Record<string, number>;
};

export type Fleet = {
  /** The client processes (their CPU use is reported next to the server's). */
  pids: number[];
  /** All processes have connected their clients (or given up after the timeout). */
  connected: Promise<{ ready: number; ended: number }>;
  measure(): void;
  /** Stops counting, closes every client, merges the processes' reports. */
  finish(): Promise<FleetResult>;
};

/** Streaming clients over several processes, measured together between `measure()` and `finish()`. */
export function startFleet(o: FleetOptions): Fleet {
  const per = Math.ceil(o.clients / o.processes);
  const connectTimeoutMs = Math.ceil((per / o.connectPerSecond) * 1000) + 30_000;
  const workers: WorkerHandle[] = [];
  for (let i = 0, left = o.clients; i < o.processes && left > 0; i++, left -= per) {
    workers.push(
      startWorker(
        'stream-clients',
        {
          baseUrl: o.baseUrl,
          apiKey: o.apiKey,
          transport: o.transport,
          clients: Math.min(per, left),
          ...(o.topic !== undefined ? { topic: o.topic } : { spec: o.spec }),
          connectPerSecond: Math.max(1, Math.floor(o.connectPerSecond / o.processes)),
          mode: o.mode,
          connectTimeoutMs,
          deadlineMs: 20 * 60_000,
        },
        { logDir: o.logDir, label: `${o.label}-${i}` },
      ),
    );
  }
  const connected = Promise.all(workers.map((w) => w.waitFor('connected', connectTimeoutMs + 15_000))).then(
    (events) => ({
      ready: events.reduce((n, e) => n + Number(e.ready), 0),
      ended: events.reduce((n, e) => n + Number(e.ended), 0),
    }),
  );
  return {
    pids: workers.map((w) => w.pid),
    connected,
    measure: () => {
      for (const w of workers) w.send({ cmd: 'measure' });
    },
    async finish() {
      for (const w of workers) w.send({ cmd: 'stop' });
      const results = await Promise.all(workers.map((w) => w.result(60_000)));
      await sleep(100);
      const delivered = results.reduce((n, r) => n + Number(r.delivered), 0);
      const measuredMs = Math.max(...results.map((r) => Number(r.measuredMs)));
      const endings: Record<string, number> = {};
      for (const r of results)
        for (const [k, v] of Object.entries(r.endings as Record<string, number>))
          endings[k] = (endings[k] ?? 0) + v;
      return {
        ready: results.reduce((n, r) => n + Number(r.ready), 0),
        ended: results.reduce((n, r) => n + Number(r.ended), 0),
        delivered,
        measuredMs,
        deliveriesPerSecond: measuredMs > 0 ? delivered / (measuredMs / 1000) : 0,
        latency: summarizeHistograms(results.map((r) => r.histogram as [number, number][])),
        histogram: mergeHistograms(results.map((r) => r.histogram as [number, number][])),
        records: results.flatMap((r) => r.records as [string, number][]),
        endings,
      };
    },
  };
}
