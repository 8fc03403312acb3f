import { auth, KEY, SECRET_TEXT, stubGateway } from '../testing/stub-gateway';

describe('a throw in one client handler', () => {
  let s: ReturnType<typeof stubGateway>;
  let base = '';

  beforeEach(async () => {
    s = stubGateway();
    base = `http://127.0.0.1:${await s.listener.start()}`;
  });
  afterEach(() => s.listener.stop());

  it('answers that request 500 with the standard body, logs the app id (not the key), counts it', async () => {
    s.faults.topics = true;
    const res = await fetch(`${base}/v1/topics`, { headers: auth });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"error":{"code":"internal_error","message":"internal error"}}');
    expect(await s.errorsOf('http')).toBe(1);
    const logged = s.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ appId: 'app-a', transport: 'http', level: 'error' }),
    );
    expect(s.lines.join('')).not.toContain(KEY);

    s.faults.topics = false;
    expect((await fetch(`${base}/v1/topics`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('in the listener itself logs the URL with its key redacted and counts it', async () => {
    s.faults.scrape = true;
    const res = await fetch(`${base}/metrics?api_key=${KEY}&token=t0ken-0123456789`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"error":{"code":"internal_error","message":"internal error"}}');
    expect(await s.errorsOf('http')).toBe(1);
    const text = s.lines.join('');
    expect(text).toContain('"url":"/metrics?api_key=[redacted]&token=[redacted]"');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('t0ken-0123456789');
  });

  it('ends only that SSE stream when it throws after its headers, whoever calls it', async () => {
    const res = await fetch(`${base}/v1/stream/sse?topic=dyn.t`, { headers: auth });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: ready');

    s.faults.sseTake = true;
    // The topic feed calls onReadable: the stream's own throw must not reach it.
    expect(() => s.handlers()?.onReadable()).not.toThrow();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read())
      rest += new TextDecoder().decode(r.value);
    expect(rest).toContain('event: error\ndata: {"code":"internal_error","message":"internal error"}');
    expect(rest).not.toContain(SECRET_TEXT);
    expect(await s.errorsOf('sse')).toBe(1);
    expect(s.lines.join('')).toContain('"appId":"app-a"');
    expect((await fetch(`${base}/v1/topics`, { headers: auth })).status).toBe(200);
  });
});

describe('a key in the query', () => {
  let s: ReturnType<typeof stubGateway>;
  let base = '';

  beforeEach(async () => {
    s = stubGateway();
    base = `http://127.0.0.1:${await s.listener.start()}`;
  });
  afterEach(() => s.listener.stop());

  it('never reaches the access log, which names the route pattern instead of the path', async () => {
    await (await fetch(`${base}/v1/webhooks/wh-zz-123?api_key=${KEY}`, { headers: auth })).text();
    const access = s.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'http request');
    expect(access).toEqual([
      expect.objectContaining({
        method: 'GET',
        route: '/v1/webhooks/:param',
        status: 401,
        ms: expect.any(Number),
      }),
    ]);
    expect(s.lines.join('')).not.toContain(KEY);
    expect(s.lines.join('')).not.toContain('wh-zz-123');
  });

  it('is refused with 401 api_key_in_query outside SSE, even next to a header key', async () => {
    for (const headers of [{}, auth]) {
      const res = await fetch(`${base}/v1/topics?api_key=${KEY}`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'api_key_in_query' } });
    }
  });

  it('is accepted by the SSE GET, and its ready event carries the start position as id', async () => {
    const res = await fetch(`${base}/v1/stream/sse?topic=dyn.t&api_key=${KEY}`);
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^retry: 1000\nid: 3\.4\nevent: ready\n/);
    await reader.cancel();
  });
});
