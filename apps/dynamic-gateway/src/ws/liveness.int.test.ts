import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueNamespace } from '@mdp/runtime/testing';
import { KEY_A, KEY_B, KEY_C, type StartedGateway, startGateway } from '../testing/gateway';
import { rawWs } from '../testing/raw-ws';
import { openWs } from '../testing/ws-client';

const namespace = uniqueNamespace('gw');
const kafka = createKafka({
  clientId: 'gw-test',
  brokers: testBrokers(),
  logger: createLogger({ service: 'test', level: 'warn' }),
});
const admin = kafka.admin();
let gw: StartedGateway;
const PING_MS = 1000;

beforeAll(async () => {
  await admin.connect();
  gw = await startGateway(namespace, {
    GATEWAY_WS_PING_INTERVAL_MS: String(PING_MS),
    GATEWAY_SOCKET_HIGH_WATER_BYTES: '4096',
    GATEWAY_WS_FRAMES_PER_SECOND: '100000',
    GATEWAY_WS_FRAMES_BURST: '1000000',
    GATEWAY_WS_APP_FRAMES_PER_SECOND: '100000',
    GATEWAY_WS_APP_FRAMES_BURST: '1000000',
  });
}, 60_000);

afterAll(async () => {
  await gw?.app.stop();
  await deleteNamespaceTopics(admin, namespace);
  await admin.disconnect();
}, 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WebSocket liveness and buffer limits', () => {
  it('only a pong to its own ping keeps a socket alive: unsolicited pongs do not', async () => {
    const alive = openWs(gw.base, KEY_A);
    const deaf = openWs(gw.base, KEY_B, '', { autoPong: false });
    await Promise.all([alive.opened, deaf.opened]);
    let deafClosed = false;
    void deaf.closed.then(() => {
      deafClosed = true;
    });
    // The dead reader keeps sending pongs of its own but never answers the gateway's pings.
    const keepAlive = setInterval(
      () => deaf.ws.readyState === deaf.ws.OPEN && deaf.ws.pong('i-am-alive'),
      100,
    );
    try {
      await eventually(() => deafClosed, 'the gateway terminates the deaf socket', 10 * PING_MS);
    } finally {
      clearInterval(keepAlive);
    }
    expect((await deaf.closed).code).toBe(1006); // terminated, no close frame
    // The socket that answers pings (ws answers them with the gateway's token) stays open.
    expect(alive.ws.readyState).toBe(alive.ws.OPEN);
    alive.send({ type: 'ping', data: 'after' });
    await eventually(() => alive.ofType('pong').length === 1, 'pong');
    alive.ws.close();
  }, 30_000);

  it('closes a client that sends pings without reading the pongs with 1008', async () => {
    // Its own gateway with a long ping period: the reader must be closed for its buffer, not for silence.
    const quiet = await startGateway(namespace, {
      GATEWAY_WS_PING_INTERVAL_MS: '60000',
      GATEWAY_SOCKET_HIGH_WATER_BYTES: '4096',
      GATEWAY_WS_FRAMES_PER_SECOND: '100000',
      GATEWAY_WS_FRAMES_BURST: '1000000',
      GATEWAY_WS_APP_FRAMES_PER_SECOND: '100000',
      GATEWAY_WS_APP_FRAMES_BURST: '1000000',
    });
    try {
      const overflowed = /gateway_disconnects_total\{[^}]*reason="outbound buffer full"[^}]*\} 1/;
      const closedForOverflow = async () =>
        overflowed.test(await (await fetch(`${quiet.base}/metrics`)).text());
      const c = await rawWs(quiet.port, KEY_C);
      c.stopReading();
      const ping = JSON.stringify({ type: 'ping', data: 'p'.repeat(64) });
      // Each ping costs the gateway a pong frame; send until it gives up.
      let sent = 0;
      for (let batch = 0; batch < 200 && !(await closedForOverflow()); batch++) {
        for (let i = 0; i < 500; i++) c.sendText(ping);
        sent += 500;
        await sleep(10);
      }
      expect(await closedForOverflow()).toBe(true);
      const frames = await c.readUntilClose();
      const close = frames.at(-1);
      expect(close?.opcode).toBe(8);
      expect(close?.payload.readUInt16BE(0)).toBe(1008);
      expect(close?.payload.subarray(2).toString()).toBe('outbound buffer full');
      // What the gateway queued for it stayed under its limit: fewer answers than questions.
      const answers = frames.filter((f) => f.opcode === 1);
      const bytes = answers.reduce((n, f) => n + f.payload.length, 0);
      expect(answers.length).toBeLessThan(sent);
      expect(bytes).toBeGreaterThan(0);
    } finally {
      await quiet.app.stop();
    }
  }, 60_000);
});
