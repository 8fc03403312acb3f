/** The producer's socket interface (apps/producer/src/stream/socket.ts), structurally. */
type Handlers = {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(code: number, reason: string): void;
};

export type MemoryStream = {
  /** What the producer passes as `socketFactory`. */
  factory: (
    url: string,
    headers: Record<string, string>,
    handlers: Handlers,
  ) => { send(t: string): void; close(): void };
  /** Resolves once the producer has subscribed to at least `count` channels. */
  subscribed(count: number, timeoutMs: number): Promise<void>;
  /** Hands frames to the producer as if they came off the socket. */
  push(frames: readonly string[]): void;
};

/** A streamer in memory: welcome on open, then whatever frames the benchmark pushes. */
export function memoryStream(): MemoryStream {
  let handlers: Handlers | null = null;
  const subs = new Set<string>();
  const waiters: (() => void)[] = [];
  return {
    factory: (_url, _headers, h) => {
      handlers = h;
      setImmediate(() => {
        h.onOpen();
        h.onMessage(JSON.stringify({ TYPE: '20', MESSAGE: 'STREAMERWELCOME', SOCKETS_REMAINING: 0 }));
      });
      return {
        send: (text) => {
          const command = JSON.parse(text) as { action?: string; subs?: string[] };
          if (command.action === 'SubAdd') for (const s of command.subs ?? []) subs.add(s);
          for (const w of waiters.splice(0)) w();
        },
        close: () => {
          if (handlers === h) handlers = null;
          h.onClose(1000, 'closed by client');
        },
      };
    },
    subscribed: (count, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the producer subscribed to ${subs.size}/${count} channels`)),
          timeoutMs,
        );
        const check = () => {
          if (subs.size >= count) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    push: (frames) => {
      const h = handlers;
      if (!h) throw new Error('the producer has no stream connection');
      for (const frame of frames) h.onMessage(frame);
    },
  };
}
