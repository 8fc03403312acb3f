import { eventually } from '@mdp/runtime/testing';
import { createClient } from './client.js';
import { MdpError } from './errors.js';
import { sseEvents, startFakeGateway } from './testing/fake-gateway.js';

const KEY = 'key-a-0123456789abcdef';

/** A gateway that accepts only `valid` as a token or key, wherever the client puts it. */
async function gatewayAccepting(valid: string) {
  return startFakeGateway({
    http: (req, res, url) => {
      const given = url.searchParams.get('token') ?? req.headers.authorization?.replace('Bearer ', '');
      if (given !== valid) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'invalid_token', message: 'token expired' } }));
      } else if (url.pathname === '/v1/stream/sse') {
        sseEvents(res, [{ event: 'ready', id: '0', data: { topic: 't', position: '0' } }]);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [{ base: 'BTC' }], nextCursor: null }));
      }
    },
    ws: () => {},
  });
}

describe('credentials', () => {
  it('an API key goes in headers (HTTP and SSE) and in ?api_key= only on the WebSocket upgrade', async () => {
    const fake = await gatewayAccepting(KEY);
    const client = createClient({ url: fake.base, apiKey: KEY });
    try {
      expect(await client.history.latest({ symbols: ['BTC'], quote: 'USD' })).toEqual([{ base: 'BTC' }]);
      const sse = client.stream('t');
      await eventually(() => sse.state === 'open', 'sse open', 5000);
      client.stream('t', { transport: 'ws' });
      await eventually(() => fake.requests.length === 3, 'three requests', 5000);
      const [http, stream, ws] = fake.requests;
      expect(http?.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(http?.url.search).toBe('?symbols=BTC&quote=USD');
      expect(stream?.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(stream?.url.searchParams.has('api_key')).toBe(false);
      expect(ws?.url.searchParams.get('api_key')).toBe(KEY);
      expect(ws?.headers.authorization).toBeUndefined();
    } finally {
      client.close();
      await fake.close();
    }
  });

  it('a token goes as Bearer on HTTP and ?token= on SSE and WebSocket, and is renewed once when refused', async () => {
    const fake = await gatewayAccepting('token-2');
    let renewals = 0;
    const client = createClient({
      url: fake.base,
      token: 'token-1',
      renewToken: async () => `token-${++renewals + 1}`,
    });
    try {
      expect(await client.history.latest({ symbols: ['BTC'], quote: 'USD' })).toHaveLength(1);
      expect(renewals).toBe(1);
      expect(fake.requests.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);

      const sse = client.stream('t');
      await eventually(() => sse.state === 'open', 'sse open', 5000);
      client.stream('t', { transport: 'ws' });
      await eventually(() => fake.requests.length === 4, 'sse and ws requests', 5000);
      const [stream, ws] = fake.requests.slice(2);
      expect(stream?.url.searchParams.get('token')).toBe('token-2');
      expect(stream?.headers.authorization).toBeUndefined();
      expect(ws?.url.searchParams.get('token')).toBe('token-2');
    } finally {
      client.close();
      await fake.close();
    }
  });

  it('a token about to expire is renewed before it is used, without a refusal first', async () => {
    const fake = await gatewayAccepting('token-2');
    const client = createClient({
      url: fake.base,
      token: 'token-1',
      expiresAt: Date.now() + 5_000, // within the 10 s margin
      renewToken: async () => ({ token: 'token-2', expiresAt: Date.now() + 300_000 }),
    });
    try {
      await client.history.latest({ symbols: ['BTC'], quote: 'USD' });
      const sse = client.stream('t');
      await eventually(() => sse.state === 'open', 'sse open', 5000);
      client.stream('t', { transport: 'ws' });
      await eventually(() => fake.requests.length === 3, 'three requests', 5000);
      const [http, stream, ws] = fake.requests;
      expect(http?.headers.authorization).toBe('Bearer token-2');
      expect(stream?.url.searchParams.get('token')).toBe('token-2');
      expect(ws?.url.searchParams.get('token')).toBe('token-2');
    } finally {
      client.close();
      await fake.close();
    }
  });

  it('a refusal that renewing cannot mend is thrown as the gateway said it', async () => {
    const fake = await gatewayAccepting('never');
    const client = createClient({ url: fake.base, token: 'token-1', renewToken: async () => 'token-x' });
    try {
      const error = await client.history.latest({ symbols: ['BTC'], quote: 'USD' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MdpError);
      expect(error).toMatchObject({ status: 401, code: 'invalid_token', message: 'token expired' });
      expect(fake.requests).toHaveLength(2);
    } finally {
      await fake.close();
    }
  });
});
