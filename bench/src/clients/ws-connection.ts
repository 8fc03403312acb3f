import WebSocket from 'ws';
import type { Connection, StreamHandlers } from './sse-connection';

/** One WebSocket subscription on the gateway's /v1/ws: subscribes on open, then reports each frame's text. */
export function openWs(
  url: string,
  headers: Record<string, string>,
  subscribe: Record<string, unknown>,
  handlers: StreamHandlers,
): Connection {
  let ended = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    handlers.onEnd(reason);
  };
  const ws = new WebSocket(url, { headers });
  ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', id: 's1', ...subscribe })));
  ws.on('message', (raw: WebSocket.RawData) => {
    handlers.onText(raw.toString(), Date.now());
  });
  ws.on('unexpected-response', (_req, res) => {
    end(`http ${res.statusCode}`);
    ws.terminate();
  });
  ws.on('close', (code, reason) => end(`closed ${code} ${reason.toString()}`));
  ws.on('error', (e) => end(`error: ${e.message}`));
  return {
    close: () => {
      ended = true;
      ws.terminate();
    },
  };
}
