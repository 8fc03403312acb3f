import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostResolver } from './dispatcher';
import { createWebhookPost } from './post';

/** A local receiver: records what reaches it; `mode` decides how it answers. */
async function localServer(mode: 'ok' | 'hang' | 'reset' = 'ok') {
  const received: Array<{ host: string | undefined; body: string }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ host: req.headers.host, body });
      if (mode === 'ok') res.writeHead(204).end();
      if (mode === 'reset') req.socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A resolver that answers from a script, and records every question. */
function scriptedResolver(answers: Array<string[] | Error>) {
  const asked: string[] = [];
  const resolve: HostResolver = async (hostname) => {
    asked.push(hostname);
    const next = answers.length > 1 ? answers.shift() : answers[0];
    if (!next || next instanceof Error) throw next ?? new Error('no answer');
    return next.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { asked, resolve };
}

const send = (post: ReturnType<typeof createWebhookPost>['post'], url: string) =>
  post(url, '{"a":1}', { 'content-type': 'application/json' }, new AbortController().signal);

let server: Awaited<ReturnType<typeof localServer>>;
const clients: Array<{ close(): Promise<void> }> = [];
const client = (opts: Parameters<typeof createWebhookPost>[0]) => {
  const c = createWebhookPost(opts);
  clients.push(c);
  return c.post;
};

beforeEach(async () => {
  server = await localServer();
});
afterEach(async () => {
  server.close();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('webhook POSTs through the checked dispatcher', () => {
  it('refuses, at connect time, a name whose answer contains a refused address', async () => {
    for (const answer of [['127.0.0.1'], ['93.184.215.14', '127.0.0.1'], ['::1'], ['::ffff:127.0.0.1']]) {
      const dns = scriptedResolver([answer]);
      const post = client({ timeoutMs: 2_000, allowPrivate: false, resolve: dns.resolve });
      expect(await send(post, `http://hooks.example.test:${server.port}/hook`)).toEqual({
        error: 'target_not_allowed',
      });
      expect(dns.asked).toEqual(['hooks.example.test']);
    }
    // TLS connections resolve through the same checked lookup.
    const dns = scriptedResolver([['127.0.0.1']]);
    const post = client({ timeoutMs: 2_000, allowPrivate: false, resolve: dns.resolve });
    expect(await send(post, `https://hooks.example.test:${server.port}/hook`)).toEqual({
      error: 'target_not_allowed',
    });
    expect(dns.asked).toEqual(['hooks.example.test']);
    expect(server.received).toEqual([]);
  });

  it('refuses literal loopback URLs in every notation without asking DNS', async () => {
    const dns = scriptedResolver([['93.184.215.14']]);
    const post = client({ timeoutMs: 2_000, allowPrivate: false, resolve: dns.resolve });
    for (const host of ['127.0.0.1', '2130706433', '0177.0.0.1', '0x7f.1', '[::ffff:127.0.0.1]', '[::1]']) {
      const url = `http://${host}:${server.port}/hook`;
      expect([url, await send(post, url)]).toEqual([url, { error: 'target_not_allowed' }]);
    }
    expect(dns.asked).toEqual([]);
    expect(server.received).toEqual([]);
  });

  it('with the opt-in connects to the checked local address, keeping the name as Host', async () => {
    const dns = scriptedResolver([['127.0.0.1']]);
    const post = client({ timeoutMs: 2_000, allowPrivate: true, resolve: dns.resolve });
    expect(await send(post, `http://hooks.example.test:${server.port}/hook`)).toEqual({ status: 204 });
    expect(server.received).toEqual([{ host: `hooks.example.test:${server.port}`, body: '{"a":1}' }]);
  });

  it('reports failures as coarse reasons only', async () => {
    const hang = await localServer('hang');
    const reset = await localServer('reset');
    const closedPort = await localServer();
    closedPort.close();
    try {
      const local = scriptedResolver([['127.0.0.1']]);
      const post = client({ timeoutMs: 500, allowPrivate: true, resolve: local.resolve });
      const notFound = scriptedResolver([
        Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }),
      ]);
      const nxPost = client({ timeoutMs: 500, allowPrivate: false, resolve: notFound.resolve });
      expect(await send(post, `http://127.0.0.1:${closedPort.port}/`)).toEqual({ error: 'connect_failed' });
      expect(await send(post, `http://127.0.0.1:${hang.port}/`)).toEqual({ error: 'timeout' });
      expect(await send(post, `http://127.0.0.1:${reset.port}/`)).toEqual({ error: 'network_error' });
      expect(await send(post, `https://127.0.0.1:${server.port}/`)).toEqual({ error: 'tls_error' });
      expect(await send(nxPost, 'http://nowhere.example.test/')).toEqual({ error: 'dns_failed' });
    } finally {
      hang.close();
      reset.close();
    }
  });
});
