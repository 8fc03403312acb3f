import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

type Frame = { type: string; id?: string; [k: string]: unknown };

/**
 * A scripted stand-in for the gateway, for what the real one does only under conditions hard to
 * arrange in a test (a gap) and to see exactly what the client sends (credentials, resume points).
 */
export async function startFakeGateway(handlers: {
  http?: (req: IncomingMessage, res: ServerResponse, url: URL) => void;
  ws?: (socket: WebSocket, frame: Frame, url: URL) => void;
}) {
  const requests: Array<{ url: URL; headers: IncomingMessage['headers'] }> = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ url, headers: req.headers });
    if (handlers.http) handlers.http(req, res, url);
    else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server, path: '/v1/ws' });
  wss.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ url, headers: req.headers });
    socket.send(JSON.stringify({ type: 'welcome', appId: 'fake' }));
    socket.on('message', (data) => handlers.ws?.(socket, JSON.parse(String(data)) as Frame, url));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes SSE events: `[event?, data, id?]`. */
export function sseEvents(
  res: ServerResponse,
  events: Array<{ event?: string; data: unknown; id?: string }>,
): void {
  if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const e of events)
    res.write(
      `${e.id ? `id: ${e.id}\n` : ''}${e.event ? `event: ${e.event}\n` : ''}data: ${JSON.stringify(e.data)}\n\n`,
    );
}
