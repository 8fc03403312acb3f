import { z } from 'zod';
import { Deliveries } from '../clients/deliveries';
import { type Connection, openSse } from '../clients/sse-connection';
import { openWs } from '../clients/ws-connection';
import { sleep } from '../harness/timing';
import { deadline, runWorker } from './worker-runtime';

const config = z.object({
  ...deadline,
  /** http://127.0.0.1:<port> of the gateway (or the bare baseline server). */
  baseUrl: z.string().url(),
  apiKey: z.string(),
  transport: z.enum(['sse', 'ws']),
  clients: z.number().int().positive().max(20_000),
  topic: z.string().optional(),
  spec: z.unknown().optional(),
  connectPerSecond: z.number().int().positive().max(100_000),
  mode: z.enum(['ts-latency', 'trade-record']),
  /** Wait at most this long for every client's ready/subscribed answer. */
  connectTimeoutMs: z.number().int().positive(),
});

/**
 * N streaming clients in one process. Connects them (paced), emits `connected`, counts deliveries
 * between the runner's `measure` and `stop` commands, then reports and closes everything.
 */
runWorker(config, async (c, io) => {
  const deliveries = new Deliveries(c.mode);
  const connections: Connection[] = [];
  let ready = 0;
  let ended = 0;
  const endings = new Map<string, number>();
  const target = c.topic !== undefined ? { topic: c.topic } : { spec: c.spec };
  const headers = { 'x-api-key': c.apiKey };
  const handlers = (onReady: () => void) => ({
    onEvent: (name: string, data: string, at: number) => {
      if (name === 'ready' || name === 'subscribed') onReady();
      else if (name === 'message' || name === 'data') deliveries.add(data, at);
      else if (name === 'error') {
        const key = `error event: ${data.slice(0, 120)}`;
        endings.set(key, (endings.get(key) ?? 0) + 1);
      }
    },
    onEnd: (reason: string) => {
      ended += 1;
      const key = reason.slice(0, 160);
      endings.set(key, (endings.get(key) ?? 0) + 1);
    },
  });
  const url = new URL(c.baseUrl);
  const sseUrl = `${c.baseUrl}/v1/stream/sse?${
    c.topic !== undefined
      ? `topic=${encodeURIComponent(c.topic)}`
      : `spec=${encodeURIComponent(JSON.stringify(c.spec))}`
  }`;
  const wsUrl = `ws://${url.host}/v1/ws`;
  const gap = 1000 / c.connectPerSecond;
  const started = Date.now();
  for (let i = 0; i < c.clients; i++) {
    let counted = false;
    const onReady = () => {
      if (!counted) {
        counted = true;
        ready += 1;
      }
    };
    connections.push(
      c.transport === 'sse'
        ? openSse(sseUrl, headers, handlers(onReady))
        : openWs(wsUrl, headers, target, handlers(onReady)),
    );
    const due = started + (i + 1) * gap;
    if (due > Date.now() + 1) await sleep(due - Date.now());
  }
  const connectDeadline = Date.now() + c.connectTimeoutMs;
  while (ready + ended < c.clients && Date.now() < connectDeadline) await sleep(50);
  io.emit('connected', { ready, ended, ms: Date.now() - started });

  let measureStart = 0;
  let stopped: () => void = () => {};
  const stop = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  io.onCommand((command) => {
    if (command.cmd === 'measure') {
      measureStart = Date.now();
      deliveries.measuring = true;
    } else if (command.cmd === 'stop') stopped();
  });
  await stop;
  deliveries.measuring = false;
  const measuredMs = measureStart > 0 ? Date.now() - measureStart : 0;
  for (const conn of connections) conn.close();
  return {
    clients: c.clients,
    ready,
    ended,
    delivered: deliveries.delivered,
    measuredMs,
    histogram: deliveries.histogram.toPairs(),
    records: deliveries.records,
    endings: Object.fromEntries(endings),
  };
});
