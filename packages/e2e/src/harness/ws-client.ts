import WebSocket from 'ws';

export type WsFrame = Record<string, unknown> & { type?: string };

/** A WebSocket application: collects JSON frames, remembers how the socket closed. */
export type WsClient = {
  readonly frames: readonly WsFrame[];
  readonly closed: { code: number; reason: string } | undefined;
  /** HTTP status when the upgrade was refused. */
  readonly refusedStatus: number | undefined;
  readonly opened: Promise<boolean>;
  send(data: string | Buffer): void;
  close(): void;
};

export function openWsClient(gatewayUrl: string, apiKey: string | undefined): WsClient {
  const url = `${gatewayUrl.replace(/^http/, 'ws')}/v1/ws`;
  const ws = new WebSocket(url, apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {});
  const frames: WsFrame[] = [];
  let closed: WsClient['closed'];
  let refusedStatus: number | undefined;
  const opened = new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('unexpected-response', (_req, res) => {
      refusedStatus = res.statusCode;
      res.resume();
      resolve(false);
    });
    ws.once('error', () => resolve(false));
  });
  ws.on('message', (data) => {
    try {
      frames.push(JSON.parse(data.toString()) as WsFrame);
    } catch {
      frames.push({ type: '(not json)', text: data.toString().slice(0, 200) });
    }
  });
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
  });
  ws.on('error', () => {});
  return {
    frames,
    get closed() {
      return closed;
    },
    get refusedStatus() {
      return refusedStatus;
    },
    opened,
    send: (data) => ws.send(data),
    close: () => ws.close(),
  };
}
