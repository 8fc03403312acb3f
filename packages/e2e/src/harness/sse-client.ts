import { EventSource } from 'eventsource';

/** A data message as the application saw it: its SSE id (the position after it) and the envelope. */
export type SseMessage = {
  id: string;
  envelope: { id: string; type: string; data: Record<string, unknown> };
};
export type SseGap = { from: string; to: string; dropped: number; conflated: number };
export type SseReady = { topic: string; spec: unknown; position: string };

export type SseClient = {
  readonly messages: readonly SseMessage[];
  readonly gaps: readonly SseGap[];
  readonly readies: readonly SseReady[];
  /** `event: error` frames from the gateway and connection failures, as text. */
  readonly errors: readonly string[];
  /** How many times a new EventSource had to be opened after the old one gave up. */
  readonly reopens: number;
  readonly lastEventId: string | undefined;
  close(): void;
};

/**
 * An application reading one stream over SSE, as a browser would with `eventsource`: it resumes by
 * itself with Last-Event-ID after a dropped connection. When the gateway answers a reconnect with a
 * non-200 status (e.g. 503 while it restarts), EventSource gives up for good; like a real
 * application, this client then opens a new one from its last position (`from=`).
 */
export function openSseClient(baseUrl: string, query: Record<string, string>, apiKey: string): SseClient {
  const messages: SseMessage[] = [];
  const gaps: SseGap[] = [];
  const readies: SseReady[] = [];
  const errors: string[] = [];
  let lastEventId: string | undefined;
  let reopens = 0;
  let closed = false;
  let source: EventSource | undefined;
  let reopenTimer: NodeJS.Timeout | undefined;

  const authorizedFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers ?? {}), authorization: `Bearer ${apiKey}` } });

  const open = () => {
    const params = new URLSearchParams(query);
    if (lastEventId !== undefined) params.set('from', lastEventId);
    const es = new EventSource(`${baseUrl}/v1/stream/sse?${params}`, { fetch: authorizedFetch });
    source = es;
    es.addEventListener('ready', (event) => readies.push(JSON.parse(event.data) as SseReady));
    es.addEventListener('gap', (event) => gaps.push(JSON.parse(event.data) as SseGap));
    es.addEventListener('message', (event) => {
      lastEventId = event.lastEventId;
      messages.push({ id: event.lastEventId, envelope: JSON.parse(event.data) as SseMessage['envelope'] });
    });
    // Both the gateway's `event: error` frames (with data) and connection failures arrive here.
    es.addEventListener('error', (event) => {
      const data = (event as { data?: unknown }).data;
      const message = (event as { message?: unknown }).message;
      errors.push(typeof data === 'string' ? data : String(message ?? 'connection error'));
      if (es.readyState === EventSource.CLOSED && !closed) {
        reopenTimer = setTimeout(() => {
          if (closed) return;
          reopens += 1;
          open();
        }, 1_000);
      }
    });
  };
  open();

  return {
    messages,
    gaps,
    readies,
    errors,
    get reopens() {
      return reopens;
    },
    get lastEventId() {
      return lastEventId;
    },
    close: () => {
      closed = true;
      clearTimeout(reopenTimer);
      source?.close();
    },
  };
}
