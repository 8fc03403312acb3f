import { request } from 'node:http';

export type StreamHandlers = {
  /**
   * Whole events only (one or more, as they arrived), with the time their chunk arrived (epoch ms).
   * Left unparsed: a load generator that parsed every event would measure itself, not the server.
   */
  onText(text: string, receivedAt: number): void;
  /** Called once when the stream ends for any reason. */
  onEnd(reason: string): void;
};

export type Connection = { close(): void };

/** A minimal EventSource over node:http (no reconnect): a bench client must see every failure. */
export function openSse(url: string, headers: Record<string, string>, handlers: StreamHandlers): Connection {
  let ended = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    handlers.onEnd(reason);
  };
  const req = request(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
    res.setEncoding('utf8');
    if (res.statusCode !== 200) {
      let body = '';
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => end(`http ${res.statusCode}: ${body.slice(0, 300)}`));
      return;
    }
    let rest = '';
    res.on('data', (chunk: string) => {
      const now = Date.now();
      const text = rest + chunk;
      const cut = text.lastIndexOf('\n\n');
      if (cut < 0) {
        rest = text;
        return;
      }
      rest = text.slice(cut + 2);
      handlers.onText(text.slice(0, cut + 2), now);
    });
    res.on('end', () => end('server ended the stream'));
    res.on('error', (e) => end(`response error: ${e.message}`));
  });
  req.on('error', (e) => end(`request error: ${e.message}`));
  req.end();
  return {
    close: () => {
      ended = true;
      req.destroy();
    },
  };
}
