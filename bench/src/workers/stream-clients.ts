import { z } from 'zod';
import { controlOf } from '../clients/control-text';
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

const RETRIES = 3;

/**
 * N streaming clients in one process. Connects them (paced), emits `connected`, counts deliveries
 * between the runner's `measure` and `stop` commands, then reports and closes everything.
 */
runWorker(config, async (c, io) => {
  const deliveries = new Deliveries(c.mode);
  const connections = new Set<Connection>();
  const endings = new Map<string, number>();
  const count = (key: string) => endings.set(key, (endings.get(key) ?? 0) + 1);
  let ready = 0;
  let ended = 0;
  let closing = false;
  const headers = { 'x-api-key': c.apiKey };
  const url = new URL(c.baseUrl);
  const query =
    c.topic !== undefined
      ? `topic=${encodeURIComponent(c.topic)}`
      : `spec=${encodeURIComponent(JSON.stringify(c.spec))}`;
  const target = c.topic !== undefined ? { topic: c.topic } : { spec: c.spec };

  /** One client; a connection refused before it was ready is tried again (a listen backlog overflows under a burst). */
  const connect = (attempt: number) => {
    let isReady = false;
    const handlers = {
      onText: (text: string, at: number) => {
        const control = controlOf(text);
        if (control.ready && !isReady) {
          isReady = true;
          ready += 1;
        }
        if (control.error !== null) count(`error: ${control.error}`);
        deliveries.add(text, at);
      },
      onEnd: (reason: string) => {
        connections.delete(connection);
        if (closing) return;
        if (!isReady && attempt < RETRIES) {
          setTimeout(() => connect(attempt + 1), 200 * (attempt + 1));
          return;
        }
        ended += 1;
        count(reason.slice(0, 160));
      },
    };
    const connection =
      c.transport === 'sse'
        ? openSse(`${c.baseUrl}/v1/stream/sse?${query}`, headers, handlers)
        : openWs(`ws://${url.host}/v1/ws`, headers, target, handlers);
    connections.add(connection);
  };

  const gap = 1000 / c.connectPerSecond;
  const started = Date.now();
  for (let i = 0; i < c.clients; i++) {
    connect(0);
    const due = started + (i + 1) * gap;
    if (due > Date.now() + 1) await sleep(due - Date.now());
  }
  const connectDeadline = Date.now() + c.connectTimeoutMs;
  while (ready + ended < c.clients && Date.now() < connectDeadline) await sleep(50);
  io.emit('connected', { ready, ended, ms: Date.now() - started });

  let measureStart = 0;
  await new Promise<void>((resolve) =>
    io.onCommand((command) => {
      if (command.cmd === 'measure') {
        measureStart = Date.now();
        deliveries.measuring = true;
      } else if (command.cmd === 'stop') resolve();
    }),
  );
  deliveries.measuring = false;
  const measuredMs = measureStart > 0 ? Date.now() - measureStart : 0;
  closing = true;
  for (const connection of connections) connection.close();
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
