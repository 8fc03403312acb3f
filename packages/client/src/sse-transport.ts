import { backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff.js';
import { errorFromResponse, isRetryable, MdpError } from './errors.js';
import { buildUrl, type ClientContext, isAuthRefusal, type Query } from './http.js';
import type { MessageStream } from './message-stream.js';
import { type SseEvent, SseParser } from './sse-parser.js';
import { type StreamOptions, type StreamTarget, startOf, targetOf } from './stream-options.js';
import type { GapEvent, Snapshot } from './types.js';

/**
 * Runs an SSE stream (read with fetch, so an API key goes in a header) until it is closed or fails
 * for good: each connect resumes from the stream's last position with `from`, after a capped,
 * jittered backoff.
 */
export function runSse<E>(
  ctx: ClientContext,
  target: StreamTarget,
  options: StreamOptions,
  stream: MessageStream<E>,
): void {
  const abort = new AbortController();
  stream.onClose = () => abort.abort();
  void loop(ctx, target, options, stream, abort.signal);
}

async function loop<E>(
  ctx: ClientContext,
  target: StreamTarget,
  options: StreamOptions,
  stream: MessageStream<E>,
  signal: AbortSignal,
): Promise<void> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let attempt = 0;
  let renewed = false;
  while (!stream.closed) {
    stream.setState(attempt === 0 && stream.position === undefined ? 'connecting' : 'reconnecting');
    try {
      await ctx.auth.ready();
      const res = await ctx.fetch(sseUrl(ctx, target, options, stream), {
        headers: { accept: 'text/event-stream', ...(ctx.auth.usesToken ? {} : ctx.auth.headers()) },
        signal,
      });
      if (!res.ok || !res.body) throw await errorFromResponse(res);
      renewed = false;
      let ending: MdpError | undefined;
      await readEvents(res.body, signal, ctx.idleTimeoutMs, (event) => {
        const outcome = handle(event, stream);
        if (outcome === 'open') attempt = 0;
        else if (outcome) ending = outcome;
      });
      if (!stream.closed) throw ending ?? new MdpError(0, 'stream_ended', 'the gateway ended the stream');
    } catch (e) {
      if (stream.closed) return;
      const error = e instanceof Error ? e : new Error(String(e));
      if (isAuthRefusal(error) && !renewed && (await ctx.auth.renew().catch(() => false))) {
        renewed = true;
        continue;
      }
      if (!isRetryable(error)) return stream.fail(error);
      stream.emit('error', error);
    }
    await sleep(backoffDelay(attempt++, backoff), signal);
  }
}

function sseUrl<E>(
  ctx: ClientContext,
  target: StreamTarget,
  options: StreamOptions,
  stream: MessageStream<E>,
): URL {
  const to = targetOf(target, stream.topic);
  const query: Query = {
    ...('topic' in to ? { topic: to.topic } : { spec: JSON.stringify(to.spec) }),
    ...startOf(options, stream.position),
    policy: options.policy,
  };
  const credential = ctx.auth.sseParam();
  if (credential) query[credential[0]] = credential[1];
  return buildUrl(ctx.url, 'v1/stream/sse', query);
}

/** Reads the events of one response until it ends, is aborted, or stays silent `idleMs`. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  idleMs: number,
  onEvent: (e: SseEvent) => void,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser(onEvent);
  const cancel = () => void reader.cancel().catch(() => {});
  let idle = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      cancel();
    }, idleMs);
  };
  signal.addEventListener('abort', cancel);
  try {
    for (watch(); ; watch()) {
      const { done, value } = await reader.read();
      if (idle) throw new MdpError(0, 'idle_timeout', `nothing received for ${idleMs} ms`);
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', cancel);
  }
}

/** Applies one event to the stream: `open` when it is (re)established, the error that ends it. */
function handle<E>(event: SseEvent, stream: MessageStream<E>): 'open' | MdpError | undefined {
  if (stream.closed) return undefined;
  const body = JSON.parse(event.data) as Record<string, unknown>;
  switch (event.event) {
    case 'ready':
      stream.topic = body.topic as string;
      stream.position = event.id ?? (body.position as string);
      stream.setState('open');
      return 'open';
    case 'message':
      if (event.id !== undefined)
        stream.push({ topic: stream.topic as string, position: event.id, data: body as E });
      return undefined;
    case 'snapshot':
      stream.snapshot({ ...(body as Omit<Snapshot, 'topic'>), topic: stream.topic as string });
      return undefined;
    case 'gap':
      stream.gap({ ...(body as Omit<GapEvent, 'topic'>), topic: stream.topic as string });
      return undefined;
    case 'error':
      // The gateway ends the stream after it; the read loop then reconnects or gives up.
      return new MdpError(0, String(body.code), String(body.message ?? body.code));
    default:
      return undefined;
  }
}
