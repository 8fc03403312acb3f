import WebSocket, { type ClientOptions } from 'ws';

export type Frame = { type: string; id?: string; [k: string]: unknown };

/** A `ws` client that records every frame, the close code and the HTTP refusal of a failed upgrade. */
export function openWs(base: string, key: string | null, query = '', options: ClientOptions = {}) {
  const url = `${base.replace(/^http/, 'ws')}/v1/ws${query}`;
  const ws = new WebSocket(url, {
    ...options,
    ...(key === null ? {} : { headers: { authorization: `Bearer ${key}` } }),
  });
  const frames: Frame[] = [];
  let refusedStatus: number | undefined;
  let refusedBody = '';
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed before open (${code}, HTTP ${refusedStatus})`)));
  });
  opened.catch(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  ws.on('unexpected-response', (_req, res) => {
    refusedStatus = res.statusCode;
    res.on('data', (c: Buffer) => {
      refusedBody += c.toString();
    });
    res.on('end', () => ws.emit('close', 1006, Buffer.from('refused')));
  });
  ws.on('error', () => {});
  const arrivals = new Map<Frame, number>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    arrivals.set(frame, performance.now());
  });
  return {
    ws,
    frames,
    opened,
    closed,
    send: (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    /** When a frame arrived (performance.now()). */
    arrivedAt: (frame: Frame | undefined) => (frame ? (arrivals.get(frame) ?? Number.NaN) : Number.NaN),
    ofType: (type: string, id?: string) =>
      frames.filter((f) => f.type === type && (id === undefined || f.id === id)),
    get refused() {
      return refusedStatus === undefined ? undefined : { status: refusedStatus, body: refusedBody };
    },
  };
}

/** Every market-data envelope of a subscription, in the order received. */
export function dataOf(frames: Frame[], id: string): Array<{ data: { base: string; tradeId: string } }> {
  return frames
    .filter((f) => f.type === 'data' && f.id === id)
    .flatMap((f) => f.messages as Array<{ data: { base: string; tradeId: string } }>);
}
