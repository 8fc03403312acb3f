import { request } from 'node:http';

export type StreamHandlers = {
  /** One event: its name (`message` when unnamed), its data, and when its chunk arrived (epoch ms). */
  onEvent(name: string, data: string, receivedAt: number): void;
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
    let buffer = '';
    res.on('data', (chunk: string) => {
      const now = Date.now();
      buffer += chunk;
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf('\n\n');
        let name = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('data: ')) data = data ? `${data}\n${line.slice(6)}` : line.slice(6);
          else if (line.startsWith('event: ')) name = line.slice(7);
        }
        if (data) handlers.onEvent(name, data, now);
      }
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
