import { KEY_A } from '@mdp/dynamic-gateway/testing/gateway';
import { tick, writeTicks } from '@mdp/dynamic-gateway/testing/market';
import { useGatewayPlatform } from '@mdp/dynamic-gateway/testing/platform';
import { eventually } from '@mdp/runtime/testing';
import { createClient } from './client.js';
import type { PriceTickMessage, StreamMessage } from './types.js';

// The browser's way in: a token bought with the API key (POST /v1/tokens), renewed by the client.
const platform = useGatewayPlatform({
  GATEWAY_TOKEN_SECRET: 'client-token-test-secret-0123456789abcdef',
  GATEWAY_TOKEN_TTL_MS: '60000',
});

let bought = 0;
/** What a page's backend does for it: buys a token of app-a with the key the page never sees. */
async function buyToken(): Promise<{ token: string; expiresAt: number }> {
  bought += 1;
  const res = await fetch(`${platform.gw.base}/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_A}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { token: string; expiresAt: string };
  return { token: body.token, expiresAt: Date.parse(body.expiresAt) };
}

async function readTen(base: string, transport: 'sse' | 'ws', token: string, expiresAt?: number) {
  const client = createClient({
    url: platform.gw.base,
    token,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    renewToken: buyToken,
  });
  const stream = client.stream(
    { kind: 'ticks', symbols: [base], quote: 'USD' },
    { transport, backoff: { baseMs: 50, maxMs: 200 } },
  );
  const received: Array<StreamMessage<PriceTickMessage>> = [];
  const done = (async () => {
    for await (const message of stream) received.push(message);
  })();
  try {
    await eventually(() => stream.state === 'open', 'open', 30_000);
    const ticks = Array.from({ length: 10 }, (_, n) => tick(base, n));
    await writeTicks(platform.producer, stream.topic as string, ticks);
    await eventually(() => received.length === 10, 'ten ticks', 30_000);
    return received.map((m) => m.data.data.tradeId);
  } finally {
    client.close();
    await done;
  }
}

describe.each(['sse', 'ws'] as const)('a %s stream opened with a token', (transport) => {
  it('streams with a token bought from the gateway, never holding the API key', async () => {
    const { token, expiresAt } = await buyToken();
    const before = bought;
    const ids = await readTen(`TOK${transport.toUpperCase()}`, transport, token, expiresAt);
    expect(ids).toEqual(Array.from({ length: 10 }, (_, n) => String(n)));
    expect(bought).toBe(before); // the token was fresh: no renewal
  }, 60_000);

  it('buys a new token when the gateway refuses the one it holds, then streams', async () => {
    const before = bought;
    const ids = await readTen(`BAD${transport.toUpperCase()}`, transport, 'mdpt1.forged.token');
    expect(ids).toEqual(Array.from({ length: 10 }, (_, n) => String(n)));
    expect(bought).toBeGreaterThan(before);
  }, 60_000);
});
