import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { patternOf, setRoute } from './access-log';
import { HttpError } from './http-error';
import { readJsonBody, sendJson } from './http-json';
import { route } from './http-route';
import { createHealthServer, type HealthServer, type HealthServerOptions } from './http-server';
import { createLogger } from './logger';

/** A health server whose log lines are captured, started on a free port. */
async function serve(opts: Partial<HealthServerOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'http-layer-test',
    level: 'debug',
    destination: { write: (s: string) => lines.push(s) },
  });
  const server = createHealthServer({ port: 0, host: '127.0.0.1', logger, ...opts });
  const base = `http://127.0.0.1:${await server.start()}`;
  const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { server, base, lines, logged };
}

describe('the HTTP layer', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('answers 404 and 405 with the one error body, never quoting the path or the method', async () => {
    const s = await serve();
    server = s.server;
    const marker = 'zz-client-text';
    const missing = await fetch(`${s.base}/${marker}?q=${marker}`);
    expect(missing.status).toBe(404);
    const missingText = await missing.text();
    expect(JSON.parse(missingText)).toEqual({ error: { code: 'not_found', message: 'no such route' } });
    expect(missingText).not.toContain(marker);

    const wrong = await fetch(`${s.base}/healthz?q=${marker}`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    const wrongText = await wrong.text();
    expect(JSON.parse(wrongText)).toMatchObject({ error: { code: 'method_not_allowed' } });
    expect(wrongText).not.toContain('DELETE');
    expect(wrongText).not.toContain(marker);
  });

  it('answers a thrown HttpError with its status, headers and details, and anything else with 500', async () => {
    const s = await serve({
      extraRoutes: [
        (req) => {
          if (req.url?.startsWith('/refused'))
            throw new HttpError(429, 'too_many', 'slow down', { limit: 3 }, { 'retry-after': '1' });
          if (req.url?.startsWith('/broken')) throw new Error('db password is hunter2');
          return false;
        },
      ],
    });
    server = s.server;
    const refused = await fetch(`${s.base}/refused`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ error: { code: 'too_many', message: 'slow down', limit: 3 } });
    const broken = await fetch(`${s.base}/broken`);
    expect(broken.status).toBe(500);
    expect(await broken.text()).toBe('{"error":{"code":"internal_error","message":"internal error"}}');
  });

  it('logs one access line per request: method, route pattern, status, ms; no query, so no key', async () => {
    const s = await serve({
      extraRoutes: [
        (req, res) => {
          if (!req.url?.startsWith('/v1/topics/')) return false;
          setRoute(req, '/v1/topics/:name');
          sendJson(res, 200, { ok: true });
          return true;
        },
      ],
    });
    server = s.server;
    await (await fetch(`${s.base}/v1/topics/btc-usd?api_key=k-0123456789abcdef&token=t-secret-42`)).text();
    await (await fetch(`${s.base}/nowhere/special?token=t-secret-42`)).text();
    await (await fetch(`${s.base}/healthz`)).text();
    const access = s.logged().filter((l) => l.msg === 'http request');
    expect(access).toEqual([
      expect.objectContaining({
        level: 'info',
        method: 'GET',
        route: '/v1/topics/:name',
        status: 200,
        ms: expect.any(Number),
      }),
      expect.objectContaining({ level: 'info', method: 'GET', route: '(unmatched)', status: 404 }),
      // Probes every few seconds: kept out of the info stream.
      expect.objectContaining({ level: 'debug', route: '/healthz', status: 200 }),
    ]);
    const text = s.lines.join('');
    expect(text).not.toContain('k-0123456789abcdef');
    expect(text).not.toContain('t-secret-42');
    expect(text).not.toContain('btc-usd');
  });

  it('hands an Upgrade request to the upgrade hook, and destroys the socket when the hook throws', async () => {
    const s = await serve({
      upgrade: (req, socket) => {
        if (req.url === '/throw') throw new Error('bad upgrade');
        socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\nhello');
      },
    });
    server = s.server;
    const exchange = (path: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(s.base).port), '127.0.0.1');
        let received = '';
        socket.on('data', (d) => {
          received += d.toString('latin1');
        });
        socket.on('error', () => {});
        socket.on('close', () => resolve(received));
        socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n`);
      });
    expect(await exchange('/ws')).toMatch(/^HTTP\/1\.1 101 [\s\S]*hello$/);
    expect(await exchange('/throw')).toBe('');
    expect(s.logged()).toContainEqual(expect.objectContaining({ level: 'error', msg: 'upgrade failed' }));
  });

  it("survives a socket error during an upgrade the hook left unguarded (a client's reset)", async () => {
    let upgraded: ((socket: Duplex) => void) | undefined;
    const handed = new Promise<Duplex>((resolve) => {
      upgraded = resolve;
    });
    const s = await serve({ upgrade: (_req, socket) => upgraded?.(socket) });
    server = s.server;
    const client = connect(Number(new URL(s.base).port), '127.0.0.1');
    client.on('error', () => {});
    client.write('GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n');
    const socket = await handed;
    // Without a listener, emitting 'error' throws: the process would die of one client's reset.
    expect(() =>
      socket.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
    ).not.toThrow();
    expect(socket.destroyed).toBe(true);
    client.destroy();
  });

  it('shows a check that is not required without letting it fail readiness', async () => {
    const s = await serve({
      checks: [
        { name: 'kafka', check: () => true },
        { name: 'history', required: false, check: () => ({ ok: false, detail: 'unreachable' }) },
      ],
    });
    server = s.server;
    const res = await fetch(`${s.base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { kafka: { ok: true }, history: { ok: false, detail: 'unreachable' } },
    });
  });

  it('reads JSON bodies within the limit: 415, 413 and 400 otherwise, without echoing the body', async () => {
    const s = await serve({
      extraRoutes: [
        async (req, res) => {
          sendJson(res, 200, await readJsonBody(req, 32));
          return true;
        },
      ],
    });
    server = s.server;
    const post = (body: string, type = 'application/json') =>
      fetch(`${s.base}/echo`, { method: 'POST', headers: { 'content-type': type }, body });
    const ok = await post('{"a":1}');
    expect([ok.status, await ok.json()]).toEqual([200, { a: 1 }]);
    const statusAndCode = async (r: Response) => [
      r.status,
      ((await r.json()) as { error: { code: string } }).error.code,
    ];
    expect(await statusAndCode(await post('{"a":1}', 'text/plain'))).toEqual([415, 'unsupported_media_type']);
    expect(await statusAndCode(await post(JSON.stringify({ a: 'x'.repeat(64) })))).toEqual([
      413,
      'body_too_large',
    ]);
    const bad = await post('{not json zz-marker');
    const badText = await bad.text();
    expect(bad.status).toBe(400);
    expect(badText).not.toContain('zz-marker');
  });

  it('names a regular-expression route by a readable pattern', () => {
    expect(patternOf(/^\/v1\/webhooks\/([A-Za-z0-9_-]{1,64})$/)).toBe('/v1/webhooks/:param');
    expect(patternOf(/^\/v1\/history\/ticks\/latest$/)).toBe('/v1/history/ticks/latest');
  });

  it('mounts a route at one path with a handler per method, 405 with Allow for the others', async () => {
    let resets = 0;
    const s = await serve();
    server = s.server;
    s.server.addRoute(
      route('/admin/reset', {
        POST: (_req, res) => {
          resets += 1;
          sendJson(res, 202, { status: 'reset sent' });
        },
      }),
    );
    const sent = await fetch(`${s.base}/admin/reset`, { method: 'POST' });
    expect([sent.status, await sent.json(), resets]).toEqual([202, { status: 'reset sent' }, 1]);
    const wrong = await fetch(`${s.base}/admin/reset`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await wrong.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    expect((await fetch(`${s.base}/admin/reset/more`, { method: 'POST' })).status).toBe(404);
    expect(s.logged()).toContainEqual(
      expect.objectContaining({ msg: 'http request', route: '/admin/reset', status: 202 }),
    );
  });
});
