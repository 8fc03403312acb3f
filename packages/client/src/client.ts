import { Auth, type Credentials } from './auth.js';
import { createHistory, type History } from './history.js';
import type { ClientContext } from './http.js';
import { MessageStream } from './message-stream.js';
import { runSse } from './sse-transport.js';
import type { StreamOptions, StreamTarget } from './stream-options.js';
import type { EnvelopeOfKind, MarketDataMessage, StreamSpec } from './types.js';
import { WsConnection } from './ws-transport.js';

export type ClientOptions = Credentials & {
  /** The gateway's base URL, e.g. `https://gateway.example.com`. */
  url: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /**
   * Defaults to the global WebSocket (browsers, Node 22+); on Node 20 pass the `ws` package's. Any
   * class with the browser's WebSocket interface (`send`, `close`, `readyState`, `onmessage`, `onclose`).
   */
  WebSocket?: new (
    url: string,
  ) => object;
  /**
   * A stream connection that receives nothing this long is dropped and reconnected (a dead peer
   * behind a silent network). The gateway sends SSE keep-alives every 15 s and answers the
   * client's WebSocket pings; default 45000.
   */
  idleTimeoutMs?: number;
};

export type Client = {
  /** A live stream of a spec or topic, as an async iterator of messages plus callbacks. */
  stream<const S extends StreamSpec | string>(
    target: S,
    options?: StreamOptions,
  ): MessageStream<S extends { kind: infer K } ? EnvelopeOfKind<K> : MarketDataMessage>;
  history: History;
  /** Ends every stream of this client and its WebSocket. */
  close(): void;
};

export function createClient(options: ClientOptions): Client {
  const ctx: ClientContext = {
    url: options.url,
    auth: new Auth(options),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    WebSocket: (options.WebSocket as typeof WebSocket | undefined) ?? globalThis.WebSocket,
    idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
  };
  const streams = new Set<MessageStream<unknown>>();
  let ws: WsConnection | undefined;
  // Typed by the target's kind in `Client`; the transports carry whatever the gateway sends.
  const stream = (target: StreamTarget, streamOptions: StreamOptions = {}) => {
    const stream = new MessageStream<unknown>(streamOptions.from);
    streams.add(stream);
    stream.on('state', (state) => state === 'closed' && streams.delete(stream));
    if (streamOptions.transport === 'ws') {
      ws ??= new WsConnection(ctx);
      ws.subscribe(target, streamOptions, stream);
    } else {
      runSse(ctx, target, streamOptions, stream);
    }
    return stream;
  };
  return {
    stream: stream as Client['stream'],
    history: createHistory(ctx),
    close() {
      for (const stream of [...streams]) stream.close();
    },
  };
}
