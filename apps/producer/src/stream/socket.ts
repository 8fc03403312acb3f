import { WebSocket } from 'undici';

/** What the streamer needs from a WebSocket; the undici client in production, a fake in unit tests. */
export type SocketLike = {
  send(text: string): void;
  close(): void;
};

export type SocketHandlers = {
  onOpen(): void;
  onMessage(text: string): void;
  /** Called once, whatever ended the connection (close frame, error, failed handshake). */
  onClose(code: number, reason: string): void;
};

export type SocketFactory = (
  url: string,
  headers: Record<string, string>,
  handlers: SocketHandlers,
) => SocketLike;

const decoder = new TextDecoder();

/** undici's WebSocket (the WHATWG API), text or binary frames delivered as text. */
export const undiciSocketFactory: SocketFactory = (url, headers, handlers) => {
  const ws = new WebSocket(url, { headers });
  ws.binaryType = 'arraybuffer';
  let closed = false;
  const closeOnce = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    handlers.onClose(code, reason);
  };
  ws.addEventListener('open', () => handlers.onOpen());
  ws.addEventListener('message', (ev) => {
    const data: unknown = ev.data;
    if (typeof data === 'string') handlers.onMessage(data);
    else if (data instanceof ArrayBuffer) handlers.onMessage(decoder.decode(data));
  });
  ws.addEventListener('close', (ev) => closeOnce(ev.code, ev.reason));
  // An error is always followed by close in the WHATWG API; close carries the outcome.
  ws.addEventListener('error', () => undefined);
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: () => {
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close();
      // A dead peer never answers the close handshake: report the close now, not at TCP timeout.
      closeOnce(1006, 'closed by client');
    },
  };
};
