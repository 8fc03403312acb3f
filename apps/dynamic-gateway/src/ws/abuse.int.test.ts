import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueNamespace } from '@mdp/runtime/testing';
import { startCoordinator } from '../testing/coordinator';
import { KEY_A, KEY_B, KEY_C, type StartedGateway, startGateway } from '../testing/gateway';
import { tick, tickId, writeTicks } from '../testing/market';
import { dataOf, openWs } from '../testing/ws-client';

const namespace = uniqueNamespace('gw');
const kafka = createKafka({
  clientId: 'gw-test',
  brokers: testBrokers(),
  logger: createLogger({ service: 'test', level: 'warn' }),
});
const admin = kafka.admin();
const producer = kafka.producer();
let coordinator: { stop(): Promise<void> };
let gw: StartedGateway;
/** A well-behaved client (app-b) that must get every tick written while the others misbehave. */
let good: ReturnType<typeof openWs>;
let topic: string;
let written = 0;
/** Ticks written before the first abuse: the rest were published while the gateway was being abused. */
let writtenBeforeAbuse = 0;
let writer: Promise<void> | undefined;
let writing = false;

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  coordinator = await startCoordinator(namespace);
  gw = await startGateway(namespace, {
    GATEWAY_WS_MAX_MALFORMED_FRAMES: '1000',
    GATEWAY_WS_FRAMES_PER_SECOND: '1000',
    GATEWAY_WS_FRAMES_BURST: '2000',
  });
  good = openWs(gw.base, KEY_B);
  await good.opened;
  good.send({ type: 'subscribe', id: 'g', spec: { kind: 'ticks', symbols: ['BTC'], quote: 'USD' } });
  await eventually(() => good.ofType('subscribed', 'g').length === 1, 'good subscribed', 30_000);
  topic = good.ofType('subscribed', 'g')[0]?.topic as string;
  writing = true;
  writer = (async () => {
    while (writing) {
      await writeTicks(producer, topic, [tick('BTC', written)]);
      written += 1;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
}, 60_000);

afterAll(async () => {
  writing = false;
  await writer;
  await gw?.app.stop();
  await coordinator?.stop();
  await deleteNamespaceTopics(admin, namespace);
  await producer.disconnect();
  await admin.disconnect();
}, 60_000);

/** Sends raw frames on a fresh app-a socket; resolves with the frames answered once `count` errors came. */
async function errorsFor(frames: string[]) {
  const c = openWs(gw.base, KEY_A);
  await c.opened;
  for (const f of frames) c.send(f);
  await eventually(() => c.ofType('error').length === frames.length, `${frames.length} error frames`, 10_000);
  c.send({ type: 'ping', data: 'still-here' });
  await eventually(() => c.ofType('pong').length === 1, 'the socket still answers');
  c.ws.close();
  return c.ofType('error');
}

describe('WebSocket abuse', () => {
  it('answers the 16,023-byte nested ping with an error frame, echoes nothing, and keeps running', async () => {
    await eventually(() => written > 0, 'the writer runs');
    writtenBeforeAbuse = written;
    const frame = `{"type":"ping","data":${deep(8000)}}`;
    expect(Buffer.byteLength(frame)).toBe(16_023);
    const [error] = await errorsFor([frame]);
    expect(error).toMatchObject({ type: 'error', status: 400, code: 'invalid_frame' });
    expect(JSON.stringify(error)).not.toContain('[[');
  }, 30_000);

  it('refuses deep nesting in every field, huge values and prototype keys without echoing them', async () => {
    const fields = ['id', 'topic', 'spec', 'from', 'fromTs', 'policy'];
    const nested = [
      ...fields.map((f) => `{"type":"subscribe","id":"n","${f}":${deep(5000)}}`),
      ...fields.map((f) => `{"type":"subscribe","id":"n","${f}":${deep(5)}}`),
      `{"type":"ping","data":{"a":{"b":{"c":{"d":{}}}}}}`,
      `{"type":"unsubscribe","id":${deep(5000)}}`,
      `{"type":"subscribe","id":"n","spec":{"kind":"ticks","symbols":${deep(7)},"quote":"USD"}}`,
      deep(8000),
    ];
    const huge = [
      JSON.stringify({ type: 'ping', data: 'X'.repeat(15_000) }),
      `{"type":"subscribe","id":"h","fromTs":1e400}`,
      `{"type":"subscribe","id":"h","from":"${'9'.repeat(15_000)}"}`,
      `{"type":"unsubscribe","id":${'7'.repeat(15_000)}}`,
      `{"type":"subscribe","id":"h","spec":{"kind":"ticks","symbols":["${'Q'.repeat(15_000)}"],"quote":"USD"}}`,
    ];
    const proto = [
      '{"type":"ping","__proto__":{"polluted":"PWNED"}}',
      '{"type":"subscribe","id":"p","constructor":{"prototype":{"polluted":"PWNED"}}}',
      '{"type":"subscribe","id":"p","spec":{"kind":"ticks","symbols":["BTC"],"quote":"USD","__proto__":{"polluted":"PWNED"}}}',
      '{"__proto__":{"type":"ping"}}',
    ];
    const errors = await errorsFor([...nested, ...huge, ...proto]);
    const text = JSON.stringify(errors);
    for (const echoed of ['[[', 'XXXX', '9999', '7777', 'QQQQ', 'PWNED', '__proto__', 'constructor'])
      expect(text).not.toContain(echoed);
    for (const e of errors) expect(e.status).toBe(400);
    expect(({} as { polluted?: string }).polluted).toBeUndefined();
  }, 30_000);

  it('closes an invalid UTF-8 text frame with 1007 and a binary frame with 1003', async () => {
    const utf8 = openWs(gw.base, KEY_A);
    await utf8.opened;
    utf8.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await utf8.closed).code).toBe(1007);
    const binary = openWs(gw.base, KEY_A);
    await binary.opened;
    binary.ws.send(Buffer.from([1, 2, 3]));
    expect((await binary.closed).code).toBe(1003);
  }, 30_000);

  it('answers a flood with rate_limited, then closes it with 1008', async () => {
    const c = openWs(gw.base, KEY_A);
    await c.opened;
    for (let i = 0; i < 20_000; i++) c.send('{"type":"ping"}');
    const closed = await c.closed;
    expect(closed).toEqual({ code: 1008, reason: 'rate limited' });
    expect(c.ofType('error').at(-1)).toMatchObject({ status: 429, code: 'rate_limited' });
  }, 30_000);

  it('a throw in one client handler closes that client with 1011; the others keep receiving', async () => {
    const clients = gw.app.components.clients;
    const add = clients.add.bind(clients);
    clients.add = (info) => {
      if (info.appId === 'app-c') throw new Error('injected fault');
      return add(info);
    };
    try {
      const c = openWs(gw.base, KEY_C);
      await c.opened;
      c.send({ type: 'subscribe', id: 'x', topic });
      expect(await c.closed).toEqual({ code: 1011, reason: 'internal error' });
    } finally {
      clients.add = add;
    }
    const metrics = await (await fetch(`${gw.base}/metrics`)).text();
    expect(metrics).toMatch(/gateway_client_errors_total\{[^}]*transport="ws"[^}]*\} [1-9]/);
  }, 30_000);

  it("an app's sockets share one frame budget: together they are limited even when each is under its own", async () => {
    const [c1, c2] = [openWs(gw.base, KEY_C), openWs(gw.base, KEY_C)];
    await Promise.all([c1.opened, c2.opened]);
    // 1,500 each: under the socket burst (2,000), together over the app's (2,000).
    for (let i = 0; i < 1500; i++) for (const c of [c1, c2]) c.send('{"type":"ping"}');
    const closed = await Promise.race([c1.closed, c2.closed]);
    expect(closed).toEqual({ code: 1008, reason: 'rate limited' });
    c1.ws.close();
    c2.ws.close();
    await Promise.all([c1.closed, c2.closed]);
    const refusals = [...c1.ofType('error'), ...c2.ofType('error')];
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    for (const r of refusals)
      expect(r).toMatchObject({
        status: 429,
        code: 'rate_limited',
        message: 'app app-c sent too many frames',
      });
  }, 30_000);

  it('the well-behaved client got every tick written meanwhile, in order', async () => {
    writing = false;
    await writer;
    await eventually(() => dataOf(good.frames, 'g').length === written, `${written} ticks`, 20_000);
    expect(dataOf(good.frames, 'g').map(tickId)).toEqual(
      Array.from({ length: written }, (_, n) => `BTC#${n}`),
    );
    expect(written).toBeGreaterThan(writtenBeforeAbuse + 3);
    good.ws.close();
  }, 30_000);
});
