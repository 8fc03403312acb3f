import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy the test controls, to cut the sink's database connections mid-stream. `cut()` drops
 * every open connection and refuses new ones; `cutDuringNextWrite()` does so at the worst moment:
 * after a large request (a batch write) reached the server, before its answer reaches the client.
 * `restore()` accepts again on the same port.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let armed: { minBytes: number; done: () => void } | undefined;
  let armedAnswer: { contains: string; done: () => void } | undefined;

  const cut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  const relay = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    let requestSent = false;
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => {
      if (armed && chunk.length >= armed.minBytes) requestSent = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (armedAnswer && chunk.includes(armedAnswer.contains)) {
        const { done } = armedAnswer;
        armedAnswer = undefined;
        void cut().then(done);
        return;
      }
      if (requestSent && armed) {
        const { done } = armed;
        armed = undefined;
        void cut().then(done);
        return;
      }
      client.write(chunk);
    });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer(relay);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    cut,
    /** Resolves once a request of at least `minBytes` was forwarded and its answer swallowed by a cut. */
    cutDuringNextWrite: (minBytes: number) => new Promise<void>((done) => (armed = { minBytes, done })),
    /**
     * Resolves once an answer containing `contains` (e.g. the server's `COMMIT` of a batch's
     * transaction: done on the server) was swallowed by a cut.
     */
    cutOnAnswer: (contains: string) => new Promise<void>((done) => (armedAnswer = { contains, done })),
    restore: listen,
    close: cut,
  };
}
