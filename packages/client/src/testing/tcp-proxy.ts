import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a gateway, to cut every connection through it at once: the forced
 * disconnect a client must survive (the gateway itself goes on).
 */
export async function startTcpProxy(targetPort: number) {
  const pairs = new Set<[Socket, Socket]>();
  let connections = 0;
  const server = createServer((inbound) => {
    connections++;
    const outbound = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [inbound, outbound];
    pairs.add(pair);
    inbound.pipe(outbound).pipe(inbound);
    const drop = () => {
      pairs.delete(pair);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}`,
    /** Connections accepted so far. */
    connections: () => connections,
    /** Resets every open connection (both sides). */
    cut(): void {
      for (const [inbound, outbound] of pairs) {
        inbound.resetAndDestroy();
        outbound.destroy();
      }
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [inbound, outbound] of pairs) {
          inbound.destroy();
          outbound.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
