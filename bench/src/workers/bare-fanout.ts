import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { deadline, runWorker } from './worker-runtime';

const config = z.object({
  ...deadline,
  brokers: z.array(z.string()).min(1),
  topic: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
});

/**
 * Baseline of the fan-out benchmark: the least a Node process can do to fan one topic out. A kafkajs
 * consumer reads the topic and writes every batch as-is to every SSE response and WebSocket, using
 * the same `ws` library and the same URLs as the gateway; no auth, cursors, buffers or policies.
 */
runWorker(config, async (c, io) => {
  const sse = new Set<ServerResponse>();
  const sockets = new Set<WebSocket>();
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/v1/stream/sse')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(`event: ready\ndata: {"topic":"${c.topic}"}\n\n`);
    sse.add(res);
    res.on('close', () => sse.delete(res));
  });
  const wss = new WebSocketServer({ server, path: '/v1/ws' });
  wss.on('connection', (ws) => {
    ws.once('message', () => {
      ws.send(`{"type":"subscribed","id":"s1","topic":"${c.topic}"}`);
      sockets.add(ws);
    });
    ws.on('close', () => sockets.delete(ws));
  });
  await new Promise<void>((resolve) => server.listen(c.port, '127.0.0.1', resolve));
  const kafka = new Kafka({ clientId: 'bench-bare-fanout', brokers: c.brokers, logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({
    groupId: `bench-bare-fanout-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: c.topic, fromBeginning: false });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const values = batch.messages.map((m) => m.value?.toString() ?? 'null');
      if (values.length === 0) return;
      const chunk = values.map((v) => `data: ${v}\n\n`).join('');
      for (const res of sse) if (!res.writableNeedDrain) res.write(chunk);
      const frame = `{"type":"data","id":"s1","topic":"${c.topic}","messages":[${values.join(',')}]}`;
      for (const ws of sockets) if (ws.bufferedAmount < 256 * 1024) ws.send(frame);
    },
  });
  while (!joined) await new Promise((r) => setTimeout(r, 50));
  io.emit('ready', { port: c.port });
  await new Promise<void>((resolve) => io.onCommand((command) => command.cmd === 'stop' && resolve()));
  await consumer.disconnect();
  for (const res of sse) res.destroy();
  for (const ws of sockets) ws.terminate();
  wss.close();
  server.close();
  return { sse: sse.size, ws: sockets.size };
});
