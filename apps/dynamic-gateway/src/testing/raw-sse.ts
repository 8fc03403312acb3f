import { get, type IncomingMessage } from 'node:http';

export type RawEvent = { event: string; id?: string; data: string };

/** A hand-made SSE reader over node:http that can stop reading (pause) to play a slow client. */
export function rawSse(url: string, key: string) {
  const events: RawEvent[] = [];
  let buffer = '';
  let response: IncomingMessage | undefined;
  let ended = false;
  const request = get(
    url,
    { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' } },
    (res) => {
      response = res;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: RawEvent = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('data: ')) event.data += line.slice(6);
          }
          if (event.data) events.push(event);
          cut = buffer.indexOf('\n\n');
        }
      });
      res.on('end', () => {
        ended = true;
      });
    },
  );
  request.on('error', () => {});
  return {
    events,
    ofType: (type: string) => events.filter((e) => e.event === type),
    pause: () => response?.pause(),
    resume: () => response?.resume(),
    close: () => request.destroy(),
    get ended() {
      return ended;
    },
  };
}
