import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueNamespace } from '@mdp/runtime/testing';
import { startCoordinator } from '../testing/coordinator';
import { api, KEY_A, KEY_B, type StartedGateway, startGateway } from '../testing/gateway';
import { tick, tickId, writeTicks } from '../testing/market';
import { rawSse } from '../testing/raw-sse';
import { dataOf, openWs } from '../testing/ws-client';

const namespace = uniqueNamespace('gw');
const kafka = createKafka({
  clientId: 'gw-test',
  brokers: testBrokers(),
  logger: createLogger({ service: 'test', level: 'warn' }),
});
const admin = kafka.admin();
const producer = kafka.producer();
let coordinator: { stop(): Promise<void> } | undefined;
const gateways: StartedGateway[] = [];

const spec = (symbol: string) => ({ kind: 'ticks', symbols: [symbol], quote: 'USD' });

async function gateway(env: Record<string, string>): Promise<StartedGateway> {
  const gw = await startGateway(namespace, env);
  gateways.push(gw);
  return gw;
}

/** Writes `count` ticks in sends of `perSend` (a producer batch is what one fetch brings at least). */
async function writeRange(topic: string, base: string, count: number, perSend = 2000): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += perSend) {
    const ticks = Array.from({ length: Math.min(perSend, count - start) }, (_, i) => tick(base, start + i));
    ids.push(...ticks.map((t) => `${t.base}#${t.tradeId}`));
    await writeTicks(producer, topic, ticks);
  }
  return ids;
}

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  coordinator = await startCoordinator(namespace);
}, 60_000);

afterAll(async () => {
  for (const gw of gateways) await gw.app.stop();
  await coordinator?.stop();
  await deleteNamespaceTopics(admin, namespace);
  await producer.disconnect();
  await admin.disconnect();
}, 60_000);

describe('topic buffer memory', () => {
  it('refuses a new topic beyond the byte budget (503 capacity_exhausted); the held topics deliver everything', async () => {
    const gw = await gateway({
      GATEWAY_TOPIC_BUFFER_BYTES: String(64 * 1024),
      GATEWAY_TOPIC_BUFFERS_TOTAL_BYTES: String(160 * 1024),
    });
    const client = openWs(gw.base, KEY_A);
    try {
      await client.opened;
      client.send({ type: 'subscribe', id: 'a', spec: spec('MEMA') });
      client.send({ type: 'subscribe', id: 'b', spec: spec('MEMB') });
      await eventually(() => client.ofType('subscribed').length === 2, 'two topics streaming', 30_000);
      client.send({ type: 'subscribe', id: 'c', spec: spec('MEMC') });
      await eventually(() => client.ofType('error', 'c').length === 1, 'third topic refused', 30_000);
      expect(client.ofType('error', 'c')[0]).toMatchObject({ status: 503, code: 'capacity_exhausted' });
      expect(client.ofType('subscribed').length).toBe(2);
      // SSE gets the same refusal as plain HTTP.
      const sse = await fetch(
        `${gw.base}/v1/stream/sse?spec=${encodeURIComponent(JSON.stringify(spec('MEMC')))}`,
        {
          headers: { authorization: `Bearer ${KEY_B}` },
        },
      );
      expect(sse.status).toBe(503);
      expect(((await sse.json()) as { error: { code: string } }).error.code).toBe('capacity_exhausted');
      // Refused before the coordinator was asked: no topic was created for nothing.
      expect((await admin.listTopics()).filter((t) => t.includes('memc'))).toEqual([]);

      const topicOf = (id: string) => client.ofType('subscribed', id)[0]?.topic as string;
      const written = [
        await writeRange(topicOf('a'), 'MEMA', 3000, 50),
        await writeRange(topicOf('b'), 'MEMB', 3000, 50),
      ];
      await eventually(
        () => dataOf(client.frames, 'a').length === 3000 && dataOf(client.frames, 'b').length === 3000,
        'both held topics delivered everything',
        60_000,
      );
      expect(dataOf(client.frames, 'a').map(tickId)).toEqual(written[0]);
      expect(dataOf(client.frames, 'b').map(tickId)).toEqual(written[1]);
      expect(client.ofType('gap')).toEqual([]);
      const metrics = await (await fetch(`${gw.base}/metrics`)).text();
      expect(metrics).toMatch(/gateway_topic_buffer_bytes\{[^}]*kind="reserved"[^}]*\} 131072\n/);
    } finally {
      client.ws.close();
    }
  }, 120_000);
});

describe('catch-up reads', () => {
  it('a client that stops reading gives its catch-up read to another app waiting for one', async () => {
    const gw = await gateway({
      GATEWAY_MAX_HISTORY_READERS: '1',
      GATEWAY_TOPIC_BUFFER_MESSAGES: '100',
      GATEWAY_TOPIC_BUFFER_BYTES: String(64 * 1024),
      GATEWAY_CLIENT_BUFFER_MESSAGES: '50',
      GATEWAY_CATCH_UP_STALL_TIMEOUT_MS: '2000',
      GATEWAY_CATCH_UP_QUEUE_TIMEOUT_MS: '40000',
      WEBHOOK_TIMEOUT_MS: '60000',
      WEBHOOK_BATCH_MESSAGES: '10',
    });
    const created = await api(gw, 'POST', '/v1/streams', { body: { spec: spec('HIST') } });
    expect(created.status).toBe(200);
    const topic = created.body.topic as string;
    const fromTs = Date.now() - 60_000;
    // Small producer batches and small fetches (a quarter of the ring): the catch-up takes many reads.
    const N = 2000;
    const written = await writeRange(topic, 'HIST', N, 50);
    // App A: a webhook whose receiver never answers, so it takes nothing more from its catch-up read.
    const hung = await hangingReceiver();
    const hook = await api(gw, 'POST', '/v1/webhooks', { body: { url: hung.url, topic, fromTs } });
    expect(hook.status).toBe(201);
    const hookId = hook.body.id as string;
    // App B waits for the only catch-up read and gets it once A has read nothing for the stall timeout.
    const asked = Date.now();
    const waiting = rawSse(`${gw.base}/v1/stream/sse?topic=${topic}&fromTs=${fromTs}`, KEY_B);
    try {
      await eventually(() => waiting.ofType('ready').length === 1, 'app B got the catch-up read', 40_000);
      expect(Date.now() - asked).toBeGreaterThanOrEqual(1500);
      const view = await api(gw, 'GET', `/v1/webhooks/${hookId}`);
      expect(view.body).toMatchObject({ disabledReason: 'catch_up_stalled' });
      await eventually(() => waiting.ofType('message').length === N, 'app B read everything', 60_000);
      expect(waiting.ofType('message').map((m) => tickId(JSON.parse(m.data)))).toEqual(written);
      expect(waiting.ofType('gap')).toEqual([]);
    } finally {
      waiting.close();
      hung.close();
    }
  }, 180_000);
});

/** A webhook receiver that accepts requests and never answers them. */
async function hangingReceiver() {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('requests waiting for new topics', () => {
  it('counts in-flight POST /v1/streams per app: the one beyond the limit gets 429, later ones pass', async () => {
    const gw = await gateway({
      GATEWAY_MAX_PENDING_REQUESTS_PER_APP: '2',
      GATEWAY_ACTIVATION_TIMEOUT_MS: '3000',
    });
    // Without a coordinator nobody answers: the requests wait until the activation timeout.
    await coordinator?.stop();
    coordinator = undefined;
    const post = (symbol: string, key = KEY_A) =>
      api(gw, 'POST', '/v1/streams', { key, body: { spec: spec(symbol) } });
    const answers = await Promise.all([post('PENA'), post('PENB'), post('PENC'), post('PEND', KEY_B)]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([429, 504, 504, 504]);
    const refused = answers.find((a) => a.status === 429);
    expect(refused?.body.error).toMatchObject({ code: 'too_many_pending_requests' });
    // Answered requests gave their places back: the app may ask again (and gets its topic).
    coordinator = await startCoordinator(namespace);
    const later: number[] = [];
    await eventually(
      async () => {
        later.push((await post('PENE')).status);
        return later.at(-1) === 200;
      },
      'a later request is served',
      60_000,
    );
    expect(later.filter((s) => s === 429)).toEqual([]);
  }, 120_000);
});
