import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueNamespace } from '@mdp/runtime/testing';
import { startCoordinator } from '../testing/coordinator';
import { api, type StartedGateway, startGateway } from '../testing/gateway';
import { tick, writeTicks } from '../testing/market';

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
let local: { server: Server; port: number; requests: number };

/**
 * A rebinding DNS server: each name answers its first question (the registration check) with a
 * public address and every later one (the connections) with loopback.
 */
const asked = new Map<string, number>();
const rebindingResolver = async (hostname: string): Promise<LookupAddress[]> => {
  const n = asked.get(hostname) ?? 0;
  asked.set(hostname, n + 1);
  if (hostname.startsWith('private.')) return [{ address: '10.1.2.3', family: 4 }];
  return [{ address: n === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
};

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  const server = createServer((_req, res) => {
    local.requests += 1;
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  local = { server, port: (server.address() as AddressInfo).port, requests: 0 };
  coordinator = await startCoordinator(namespace);
  gw = await startGateway(
    namespace,
    {
      WEBHOOK_ALLOW_PRIVATE_HOSTS: 'false',
      WEBHOOK_MAX_ATTEMPTS: '2',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_DISABLE_AFTER_FAILED_BATCHES: '100',
    },
    { resolveWebhookHost: rebindingResolver },
  );
}, 60_000);

afterAll(async () => {
  await gw?.app.stop();
  await coordinator?.stop();
  local?.server.closeAllConnections();
  local?.server.close();
  await deleteNamespaceTopics(admin, namespace);
  await producer.disconnect();
  await admin.disconnect();
}, 60_000);

describe('webhook targets without WEBHOOK_ALLOW_PRIVATE_HOSTS', () => {
  it('refuses at delivery a name that resolved to a public address at registration and to loopback now', async () => {
    const url = `http://rebind.example.test:${local.port}/hook`;
    const created = await api(gw, 'POST', '/v1/webhooks', {
      body: { url, spec: { kind: 'ticks', symbols: ['ADA'], quote: 'USD' } },
    });
    expect(created.status).toBe(201);
    await writeTicks(
      producer,
      created.body.topic as string,
      Array.from({ length: 10 }, (_, n) => tick('ADA', n)),
    );
    const status = async () => (await api(gw, 'GET', `/v1/webhooks/${created.body.id}`)).body;
    await eventually(async () => (await status()).failedBatches === 1, 'a batch given up', 30_000);
    const view = await status();
    expect(view).toMatchObject({ lastError: 'target_not_allowed', deliveredBatches: 0 });
    expect(JSON.stringify({ ...view, url: undefined })).not.toMatch(
      new RegExp(`127\\.0\\.0\\.1|93\\.184|rebind|${local.port}`),
    );
    expect(asked.get('rebind.example.test')).toBeGreaterThanOrEqual(3); // registration + every attempt
    expect(local.requests).toBe(0);
    const metrics = await (await fetch(`${gw.base}/metrics`)).text();
    expect(metrics).toMatch(/gateway_webhook_failures_total\{[^}]*reason="target_not_allowed"[^}]*\} 2/);
    expect((await api(gw, 'DELETE', `/v1/webhooks/${created.body.id}`)).status).toBe(204);
  }, 60_000);

  it('refuses at registration a name that resolves to a private address, and loopback literals', async () => {
    const before = local.requests;
    const spec = { kind: 'ticks', symbols: ['ADA'], quote: 'USD' };
    for (const url of [
      `http://private.example.test:${local.port}/hook`,
      `http://2130706433:${local.port}/hook`,
      `http://[::ffff:127.0.0.1]:${local.port}/hook`,
      `http://localhost:${local.port}/hook`,
    ]) {
      const refused = await api(gw, 'POST', '/v1/webhooks', { body: { url, spec } });
      expect([url, refused.status, refused.body.error]).toEqual([
        url,
        400,
        expect.objectContaining({ code: 'invalid_url' }),
      ]);
      expect(JSON.stringify(refused.body)).not.toMatch(/10\.1\.2\.3|127\.0\.0\.1|7f00/);
    }
    expect(local.requests).toBe(before);
  });
});
