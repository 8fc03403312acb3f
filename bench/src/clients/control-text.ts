/** What a text from the server says besides data (SSE `ready`/`error` events, WS `subscribed`/`error` frames). */
export function controlOf(text: string): { ready: boolean; error: string | null } {
  const ready = text.includes('event: ready') || text.includes('"type":"subscribed"');
  const sse = /event: error\ndata: ([^\n]*)/.exec(text)?.[1];
  const ws = text.startsWith('{"type":"error"') ? text : undefined;
  const error = sse ?? ws;
  return { ready, error: error === undefined ? null : error.slice(0, 160) };
}

/** Does the text hold at least one PriceTick (a delivered message)? */
export function hasTick(text: string): boolean {
  return text.includes('"ts":');
}
