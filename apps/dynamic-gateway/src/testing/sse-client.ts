import { EventSource } from 'eventsource';

export type SseMessage = { id: string; data: { type: string; data: { base: string; tradeId: string } } };

/** An EventSource (the `eventsource` package) that sends the API key as a header and records what it gets. */
export function openSse(url: string, key: string, headers: Record<string, string> = {}) {
  const messages: SseMessage[] = [];
  const gaps: unknown[] = [];
  const errors: unknown[] = [];
  let ready: { topic: string; position: string } | undefined;
  let opens = 0;
  const es = new EventSource(url, {
    fetch: (input, init) => {
      opens += 1;
      return fetch(input, {
        ...init,
        headers: { ...init?.headers, ...headers, authorization: `Bearer ${key}` },
      });
    },
  });
  es.addEventListener('ready', (e) => {
    ready = JSON.parse(e.data);
  });
  es.addEventListener('gap', (e) => gaps.push(JSON.parse(e.data)));
  es.addEventListener('error', (e) =>
    errors.push((e as MessageEvent).data ?? (e as { message?: string }).message ?? 'error'),
  );
  es.onmessage = (e) => messages.push({ id: e.lastEventId, data: JSON.parse(e.data) });
  return {
    es,
    messages,
    gaps,
    errors,
    get ready() {
      return ready;
    },
    get opens() {
      return opens;
    },
    close: () => es.close(),
  };
}
