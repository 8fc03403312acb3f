import { createLogger } from '@mdp/runtime/logger';
import { eventually } from '@mdp/runtime/testing';
import { EventSource } from 'eventsource';
import { api, KEY_A } from '../testing/gateway';
import { tick, tickId, writeTicks } from '../testing/market';
import { useGatewayPlatform } from '../testing/platform';
import { dataOf, openWs } from '../testing/ws-client';
import { createTokenIssuer } from './tokens';

const DASHBOARD = 'http://127.0.0.1:5173';
const ELSEWHERE = 'https://evil.example';
const SECRET = 'browser-test-secret-0123456789abcdef';
const TTL_MS = 120_000;
/** Every line the gateway logs, to prove no token reaches them. */
const logLines: string[] = [];

const logger = createLogger({
  service: 'dynamic-gateway',
  level: 'info',
  destination: { write: (line: string) => void logLines.push(line) },
});
const platform = useGatewayPlatform(
  {
    GATEWAY_CORS_ORIGINS: `${DASHBOARD},http://localhost:5173`,
    GATEWAY_TOKEN_SECRET: SECRET,
    GATEWAY_TOKEN_TTL_MS: String(TTL_MS),
  },
  { logger },
);
const { producer } = platform;
let topic: string;

beforeAll(async () => {
  const created = await api(platform.gw, 'POST', '/v1/streams', {
    body: { spec: { kind: 'ticks', symbols: ['XRP'], quote: 'USD' } },
  });
  expect(created.status).toBe(200);
  topic = created.body.topic as string;
}, 60_000);

const buyToken = async (key: string = KEY_A) => {
  const bought = await api(platform.gw, 'POST', '/v1/tokens', { key });
  expect(bought.status).toBe(200);
  return bought.body as { token: string; expiresAt: string };
};

/** A token of app-a signed with the gateway's secret that expired a minute ago. */
const expiredToken = () =>
  createTokenIssuer({ secret: Buffer.from(SECRET), ttlMs: 10_000, now: () => Date.now() - 60_000 }).issue(
    'app-a',
  ).token;
const forgedToken = () =>
  createTokenIssuer({ secret: Buffer.from('another-secret-0123456789abcdefghij'), ttlMs: 60_000 }).issue(
    'app-a',
  ).token;

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${platform.gw.base}/v1/tokens`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });

  it('answers a preflight from an allowed origin with methods, headers and a max age', async () => {
    const res = await preflight(DASHBOARD);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, Last-Event-ID',
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toBe('Origin');
    expect((await preflight('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:5173',
    );
  });

  it('refuses a preflight from any other origin, even one differing only by port or scheme', async () => {
    for (const origin of [ELSEWHERE, 'http://127.0.0.1:5174', 'https://127.0.0.1:5173', 'null']) {
      const res = await preflight(origin);
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('vary')).toBe('Origin');
      expect(await res.json()).toEqual({
        error: { code: 'origin_not_allowed', message: 'this origin may not call the gateway' },
      });
    }
  });

  it('lets an allowed origin read answers, errors included, and no other origin', async () => {
    const allowed = await fetch(`${platform.gw.base}/v1/topics`, {
      headers: { origin: DASHBOARD, authorization: `Bearer ${KEY_A}` },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(allowed.headers.get('access-control-expose-headers')).toBe('Retry-After, WWW-Authenticate');
    expect(allowed.headers.get('vary')).toBe('Origin');

    const refusedKey = await fetch(`${platform.gw.base}/v1/topics`, { headers: { origin: DASHBOARD } });
    expect(refusedKey.status).toBe(401);
    expect(refusedKey.headers.get('access-control-allow-origin')).toBe(DASHBOARD);

    const other = await fetch(`${platform.gw.base}/v1/topics`, {
      headers: { origin: ELSEWHERE, authorization: `Bearer ${KEY_A}` },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toBe('Origin');
  });
});

describe('tokens', () => {
  it('sells an app-scoped token for the configured lifetime to an API key, never to a token', async () => {
    const before = Date.now();
    const { token, expiresAt } = await buyToken();
    expect(token).toMatch(/^mdpt1\./);
    const expires = Date.parse(expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + TTL_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + TTL_MS);

    const again = await api(platform.gw, 'POST', '/v1/tokens', { key: token });
    expect(again.status).toBe(403);
    expect((again.body.error as { code: string }).code).toBe('api_key_required');
    expect((await api(platform.gw, 'POST', '/v1/tokens', { key: null })).status).toBe(401);
  });

  it('authenticates HTTP routes as Bearer, and only there: a token in the URL is refused', async () => {
    const { token } = await buyToken();
    expect((await api(platform.gw, 'GET', '/v1/topics', { key: token })).status).toBe(200);
    const inQuery = await api(platform.gw, 'GET', `/v1/topics?token=${token}`, { key: null });
    expect(inQuery.status).toBe(401);
    expect((inQuery.body.error as { code: string }).code).toBe('token_in_query');
  });

  it('refuses an expired token (token_expired) and a forged one (invalid_token) without echoing them', async () => {
    for (const [token, code] of [
      [expiredToken(), 'token_expired'],
      [forgedToken(), 'invalid_token'],
    ] as const) {
      const http = await api(platform.gw, 'GET', '/v1/topics', { key: token });
      expect(http.status).toBe(401);
      expect((http.body.error as { code: string }).code).toBe(code);
      expect(JSON.stringify(http.body)).not.toContain(token);

      const sse = await fetch(`${platform.gw.base}/v1/stream/sse?topic=${topic}&token=${token}`);
      expect(sse.status).toBe(401);
      expect(((await sse.json()) as { error: { code: string } }).error.code).toBe(code);

      const ws = openWs(platform.gw.base, null, `?token=${token}`);
      await ws.closed;
      expect(ws.refused?.status).toBe(401);
      expect(JSON.parse(ws.refused?.body ?? '{}').error.code).toBe(code);
      expect(ws.refused?.body).not.toContain(token);
    }
  });

  it('opens an SSE stream with ?token= (no header), readable by the allowed origin', async () => {
    const { token } = await buyToken();
    const url = `${platform.gw.base}/v1/stream/sse?topic=${topic}&token=${token}`;
    const headers = await fetch(url, { headers: { origin: DASHBOARD } });
    expect(headers.status).toBe(200);
    expect(headers.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(headers.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    await headers.body?.cancel();

    const received: string[] = [];
    let ready = false;
    const es = new EventSource(url);
    es.addEventListener('ready', () => {
      ready = true;
    });
    es.onmessage = (e) => received.push(tickId(JSON.parse(e.data)));
    try {
      await eventually(() => ready, 'ready');
      await writeTicks(
        producer,
        topic,
        Array.from({ length: 5 }, (_, n) => tick('XRP', n)),
      );
      await eventually(() => received.length === 5, 'five ticks');
      expect(received).toEqual(Array.from({ length: 5 }, (_, n) => `XRP#${n}`));
    } finally {
      es.close();
    }
  });

  it('opens a WebSocket with ?token= and subscribes as the token app', async () => {
    const { token } = await buyToken();
    const c = openWs(platform.gw.base, null, `?token=${token}`);
    await c.opened;
    c.send({ type: 'subscribe', id: 'x', topic });
    await eventually(() => c.ofType('subscribed', 'x').length === 1, 'subscribed', 30_000);
    await writeTicks(producer, topic, [tick('XRP', 100), tick('XRP', 101)]);
    await eventually(() => dataOf(c.frames, 'x').length === 2, 'two ticks');
    expect(dataOf(c.frames, 'x').map(tickId)).toEqual(['XRP#100', 'XRP#101']);
    c.ws.close();
  });

  it('keeps the key-only ways working: header, X-API-Key, ?api_key= on SSE', async () => {
    expect((await api(platform.gw, 'GET', '/v1/topics')).status).toBe(200);
    expect(
      (await api(platform.gw, 'GET', '/v1/topics', { key: null, headers: { 'x-api-key': KEY_A } })).status,
    ).toBe(200);
    const sse = await fetch(`${platform.gw.base}/v1/stream/sse?topic=${topic}&api_key=${KEY_A}`);
    expect(sse.status).toBe(200);
    await sse.body?.cancel();
    const ws = openWs(platform.gw.base, KEY_A);
    await ws.opened;
    ws.ws.close();
  });

  it('never logs a token', async () => {
    const { token } = await buyToken();
    await fetch(`${platform.gw.base}/v1/stream/sse?topic=nope&token=${token}`);
    await api(platform.gw, 'GET', '/v1/topics', { key: token });
    await eventually(() => logLines.some((l) => l.includes('"route":"/v1/topics"')), 'an access log line');
    const all = logLines.join('\n');
    expect(all).not.toContain('mdpt1.');
    expect(all).not.toContain(SECRET);
  });
});
