import type { MachinesBody } from '@mdp/runtime/machine-routes';
import { waitUntil } from '@mdp/runtime/wait-until';
import type { SinkApp } from './app';
import { tick } from './testing/fixtures';
import { tickRecord } from './testing/kafka';
import { type Scenario, scenario } from './testing/scenario';
import { startSinkApp } from './testing/sink-harness';
import { startTcpProxy } from './testing/tcp-proxy';

const TOKEN = 'sink-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('the operator view of the sink machine (GET /admin/machines, RESET)', () => {
  let s: Scenario;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let app: SinkApp;
  let base: string;

  beforeAll(async () => {
    s = await scenario('machines');
    const direct = new URL(s.database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const throughProxy = new URL(s.database.url);
    throughProxy.port = String(proxy.port);
    ({ app } = startSinkApp(
      s.env({
        DATABASE_URL: throughProxy.toString(),
        SINK_GROUP_ID: s.groupId,
        // Backoffs of 1-2 s: the machine stays in error long enough to be seen there and reset.
        SINK_RETRY_BASE_MS: '2000',
        SINK_RETRY_MAX_MS: '2000',
        DB_CONNECT_TIMEOUT_MS: '1000',
        SINK_ADMIN_TOKEN: TOKEN,
      }),
    ));
    await app.start();
    base = `http://127.0.0.1:${app.port()}`;
  }, 90_000);
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    await app?.stop();
    await proxy?.close();
    await s?.cleanup();
  }, 60_000);

  const machines = async () => {
    const res = await fetch(`${base}/admin/machines`, { headers: auth });
    expect(res.status).toBe(200);
    return (await res.json()) as MachinesBody;
  };

  it('refuses the view and the reset without the admin token', async () => {
    expect((await fetch(`${base}/admin/machines`)).status).toBe(401);
    const reset = await fetch(`${base}/admin/machines/fixedSink/reset`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(reset.status).toBe(401);
    expect(await reset.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('shows the machine in idle, with its state metric', async () => {
    expect(await machines()).toMatchObject({
      service: 'fixed-sink',
      machines: [{ id: 'fixedSink', state: 'idle' }],
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/fixed_sink_machine_state\{machine="fixedSink",state="idle"[^}]*\} 1/);
    expect(metrics).toMatch(/fixed_sink_machine_state\{machine="fixedSink",state="error\.paused"[^}]*\} 0/);
  });

  it('RESET takes the machine out of error while the database is down (the batch is given up)', async () => {
    proxy.cut();
    await s.producer.send(s.topics.ticks, [tickRecord(tick({ base: 'RST', tradeId: 'r1' }))]);
    expect(
      await waitUntil(() => app.actor.getSnapshot().matches('error'), { timeoutMs: 30_000, intervalMs: 20 }),
    ).toBe(true);
    const failed = (await machines()).machines[0];
    expect(failed?.state).toMatch(/^error\./);

    const res = await fetch(`${base}/admin/machines/fixedSink/reset`, { method: 'POST', headers: auth });
    expect(res.status).toBe(202);
    const after = (await machines()).machines[0];
    expect(after?.transitions).toContainEqual({
      at: expect.any(String),
      event: 'RESET',
      from: failed?.state,
      to: 'idle',
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /fixed_sink_machine_transitions_total\{machine="fixedSink",event="RESET"[^}]*\} 1/,
    );
    await proxy.restore();
  }, 60_000);
});
