import { eventually } from '@mdp/runtime/testing';
import { api, KEY_A, KEY_B } from '../testing/gateway';
import { tick, tickId, writeTicks } from '../testing/market';
import { useGatewayPlatform } from '../testing/platform';
import { dataOf, openWs } from '../testing/ws-client';

const platform = useGatewayPlatform({
  GATEWAY_WS_MAX_FRAME_BYTES: '1024',
  GATEWAY_WS_MAX_MALFORMED_FRAMES: '3',
  GATEWAY_MAX_CONNECTIONS_PER_APP: '3',
});
const { producer } = platform;

const btc = { kind: 'ticks', symbols: ['BTC'], quote: 'USD' };
const sol = { kind: 'ticks', symbols: ['SOL'], quote: 'USD' };

describe('WebSocket', () => {
  it('serves several subscriptions on one socket, each with the data of its spec', async () => {
    const c = openWs(platform.gw.base, KEY_A);
    await c.opened;
    await eventually(() => c.ofType('welcome').length === 1, 'welcome');
    c.send({ type: 'subscribe', id: 'b', spec: btc });
    c.send({ type: 'subscribe', id: 's', spec: sol });
    await eventually(() => c.ofType('subscribed').length === 2, 'two subscribed frames', 30_000);
    const topicB = c.ofType('subscribed', 'b')[0]?.topic as string;
    const topicS = c.ofType('subscribed', 's')[0]?.topic as string;
    expect(topicB).not.toBe(topicS);
    await writeTicks(
      producer,
      topicB,
      Array.from({ length: 40 }, (_, n) => tick('BTC', n)),
    );
    await writeTicks(
      producer,
      topicS,
      Array.from({ length: 10 }, (_, n) => tick('SOL', n)),
    );
    await eventually(
      () => dataOf(c.frames, 'b').length === 40 && dataOf(c.frames, 's').length === 10,
      'all data',
    );
    expect(dataOf(c.frames, 'b').map(tickId)).toEqual(Array.from({ length: 40 }, (_, n) => `BTC#${n}`));
    const lastB = c.ofType('data', 'b').at(-1);
    expect(typeof lastB?.position).toBe('string');

    c.send({ type: 'ping', data: 'seven:7' });
    await eventually(() => c.ofType('pong').length === 1, 'pong');
    expect(c.ofType('pong')[0]).toEqual({ type: 'pong', data: 'seven:7' });

    c.send({ type: 'unsubscribe', id: 's' });
    await eventually(() => c.ofType('unsubscribed', 's').length === 1, 'unsubscribed');
    await writeTicks(producer, topicS, [tick('SOL', 99)]);
    await writeTicks(producer, topicB, [tick('BTC', 99)]);
    await eventually(() => dataOf(c.frames, 'b').length === 41, 'the next BTC tick');
    expect(dataOf(c.frames, 's')).toHaveLength(10);

    // Resume on a new socket from the last position: nothing lost, nothing repeated.
    c.ws.close();
    const position = c.ofType('data', 'b').at(-1)?.position as string;
    await writeTicks(producer, topicB, [tick('BTC', 100), tick('BTC', 101)]);
    const d = openWs(platform.gw.base, KEY_B);
    await d.opened;
    d.send({ type: 'subscribe', id: 'b2', topic: topicB, from: position });
    await eventually(() => dataOf(d.frames, 'b2').length === 2, 'resumed data');
    expect(dataOf(d.frames, 'b2').map(tickId)).toEqual(['BTC#100', 'BTC#101']);
    d.ws.close();
  }, 60_000);

  it('answers bad frames with error frames, then closes with the right code', async () => {
    const c = openWs(platform.gw.base, KEY_A);
    await c.opened;
    c.send('{not json');
    c.send({ type: 'subscribe', id: 'x' });
    c.send({ type: 'subscribe', id: 'y', spec: { kind: 'ticks', symbols: [], quote: 'USD' } });
    c.send({ type: 'unsubscribe', id: 'nope' });
    await eventually(() => c.ofType('error').length >= 4, 'error frames');
    expect(c.ofType('error')[0]).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(c.ofType('error', 'x')[0]).toMatchObject({ status: 400, code: 'invalid_request' });
    await eventually(
      () => c.ofType('error', 'y').length === 1 && c.ofType('error', 'nope').length === 1,
      'all answers',
    );
    expect(c.ofType('error', 'y')[0]).toMatchObject({ status: 400, code: 'invalid_spec' });
    const issues = (c.ofType('error', 'y')[0]?.issues ?? []) as Array<{ path: string }>;
    expect(issues[0]?.path).toBe('symbols');
    expect(c.ofType('error', 'nope')[0]).toMatchObject({ status: 404, code: 'unknown_subscription' });
    c.send('[]');
    c.send('42');
    expect((await c.closed).code).toBe(1008);

    const binary = openWs(platform.gw.base, KEY_A);
    await binary.opened;
    binary.ws.send(Buffer.from([1, 2, 3]));
    expect((await binary.closed).code).toBe(1003);

    const big = openWs(platform.gw.base, KEY_A);
    await big.opened;
    big.send({ type: 'ping', data: 'x'.repeat(2000) });
    expect((await big.closed).code).toBe(1009);
  }, 30_000);

  it('refuses a bad key before the handshake and limits connections per app', async () => {
    await eventually(() => platform.gw.app.components.ws.size === 0, 'earlier sockets closed', 10_000);
    const missing = openWs(platform.gw.base, null);
    await missing.closed;
    expect(missing.refused?.status).toBe(401);
    const wrong = openWs(platform.gw.base, 'wrong-key-0123456789');
    await wrong.closed;
    expect(wrong.refused?.status).toBe(403);
    const viaQuery = openWs(platform.gw.base, null, `?api_key=${KEY_A}`);
    await viaQuery.opened;

    const open = [openWs(platform.gw.base, KEY_A), openWs(platform.gw.base, KEY_A)];
    await Promise.all(open.map((c) => c.opened));
    const fourth = openWs(platform.gw.base, KEY_A);
    await fourth.closed;
    expect(fourth.refused?.status).toBe(429);
    expect(JSON.parse(fourth.refused?.body ?? '{}').error.code).toBe('too_many_connections');
    for (const c of [viaQuery, ...open]) c.ws.close();
    await eventually(
      async () => (await api(platform.gw, 'GET', '/v1/topics')).status === 200,
      'gateway still serving',
    );
  }, 30_000);
});
