import { createKafka } from '@mdp/runtime/kafka-client';
import { createLogger } from '@mdp/runtime/logger';
import type { MachinesBody } from '@mdp/runtime/machine-routes';
import { deleteNamespaceTopics, eventually, testBrokers, uniqueNamespace } from '@mdp/runtime/testing';
import { startCoordinator } from './testing/coordinator';
import { KEY_A, type StartedGateway, startGateway } from './testing/gateway';
import { openSse } from './testing/sse-client';

const TOKEN = 'gateway-admin-token-0123456789';
const namespace = uniqueNamespace('gwm');
const kafka = createKafka({
  clientId: 'gw-machines-test',
  brokers: testBrokers(),
  logger: createLogger({ service: 'test', level: 'warn' }),
});
const admin = kafka.admin();
let coordinator: { stop(): Promise<void> };
let gw: StartedGateway;

beforeAll(async () => {
  await admin.connect();
  coordinator = await startCoordinator(namespace);
  gw = await startGateway(namespace, { GATEWAY_ADMIN_TOKEN: TOKEN, GATEWAY_READER_MAX_ATTEMPTS: '5' });
}, 60_000);

afterAll(async () => {
  await gw?.app.stop();
  await coordinator?.stop();
  await deleteNamespaceTopics(admin, namespace);
  await admin.disconnect();
}, 60_000);

const machines = async (): Promise<MachinesBody> => {
  const res = await fetch(`${gw.base}/admin/machines`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as MachinesBody;
};

describe('GET /admin/machines on the gateway', () => {
  it('needs the admin token (an API key is not one)', async () => {
    expect((await fetch(`${gw.base}/admin/machines`)).status).toBe(401);
    const withApiKey = await fetch(`${gw.base}/admin/machines`, {
      headers: { authorization: `Bearer ${KEY_A}` },
    });
    expect(withApiKey.status).toBe(401);
    expect(await withApiKey.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('shows the root machine, and one topic reader per topic read, for as long as it is read', async () => {
    expect(await machines()).toEqual({
      service: 'dynamic-gateway',
      machines: [expect.objectContaining({ id: 'gateway', machine: 'gateway', state: 'running' })],
    });
    const spec = { kind: 'ticks', symbols: ['BTC'], quote: 'USD' };
    const client = openSse(
      `${gw.base}/v1/stream/sse?spec=${encodeURIComponent(JSON.stringify(spec))}`,
      KEY_A,
    );
    try {
      await eventually(() => client.ready !== undefined, 'ready event', 30_000);
      const id = `reader:${client.ready?.topic}`;
      let reader: MachinesBody['machines'][number] | undefined;
      await eventually(async () => {
        reader = (await machines()).machines.find((m) => m.id === id);
        return reader?.state === 'active.consuming';
      }, 'reader consuming');
      expect(reader).toMatchObject({ machine: 'topicReader' });
      const metrics = await (await fetch(`${gw.base}/metrics`)).text();
      expect(metrics).toMatch(
        /gateway_machine_state\{machine="topicReader",state="active\.consuming"[^}]*\} 1/,
      );
      expect(metrics).toMatch(/gateway_machine_state\{machine="gateway",state="running"[^}]*\} 1/);
      // A reader that reads does not take RESET: only a failing one does.
      const reset = await fetch(`${gw.base}/admin/machines/${encodeURIComponent(id)}/reset`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(reset.status).toBe(409);
    } finally {
      client.close();
    }
    await eventually(async () => (await machines()).machines.length === 1, 'reader retired', 10_000);
  }, 60_000);
});
