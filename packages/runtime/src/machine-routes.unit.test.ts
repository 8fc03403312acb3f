import { createActor, createMachine } from 'xstate';
import { createHealthServer, type HealthServer } from './http-server';
import { createLogger } from './logger';
import { createMachineBoard } from './machine-board';
import { machineAdminRoutes } from './machine-routes';
import { createMetricsRegistry } from './metrics';
import { Secret } from './secret';

const logger = createLogger({ service: 'machines-test', level: 'silent' });

const chart = createMachine({
  id: 'worker',
  initial: 'idle',
  states: {
    idle: { on: { FAIL: 'failed' } },
    failed: { on: { RESET: 'idle' } },
  },
});
const plainChart = createMachine({ id: 'plain', initial: 'on', states: { on: {} } });

describe('machineAdminRoutes', () => {
  let server: HealthServer | undefined;
  let base = '';

  async function start(token: Secret | undefined) {
    const registry = createMetricsRegistry('svc', { defaultMetrics: false });
    const board = createMachineBoard({ metricPrefix: 'svc', registry });
    const worker = createActor(chart).start();
    board.observe(worker, { id: 'worker', chart });
    board.observe(createActor(plainChart).start(), { id: 'plain', chart: plainChart });
    server = createHealthServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      metricsRegistry: registry,
      extraRoutes: [machineAdminRoutes({ service: 'svc', board, token, tokenVar: 'SVC_ADMIN_TOKEN' })],
    });
    base = `http://127.0.0.1:${await server.start()}`;
    return worker;
  }

  const auth = { authorization: 'Bearer s3cret-token' };

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('answers 401 without the token, 503 when no token is configured', async () => {
    await start(new Secret('s3cret-token'));
    const anonymous = await fetch(`${base}/admin/machines`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      error: { code: 'unauthorized', message: 'missing Bearer token' },
    });
    const wrong = await fetch(`${base}/admin/machines/worker/reset`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    await server?.stop();
    await start(undefined);
    const disabled = await fetch(`${base}/admin/machines`, { headers: auth });
    expect(disabled.status).toBe(503);
    expect(await disabled.json()).toMatchObject({ error: { code: 'admin_disabled' } });
  });

  it('lists the machines with state and last transitions', async () => {
    const worker = await start(new Secret('s3cret-token'));
    worker.send({ type: 'FAIL' });
    const res = await fetch(`${base}/admin/machines`, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { service: string; machines: Array<Record<string, unknown>> };
    expect(body.service).toBe('svc');
    expect(body.machines).toEqual([
      expect.objectContaining({
        id: 'worker',
        state: 'failed',
        transitions: [expect.objectContaining({ event: 'FAIL', from: 'idle', to: 'failed' })],
      }),
      expect.objectContaining({ id: 'plain', state: 'on', transitions: [] }),
    ]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('svc_machine_state{machine="worker",state="failed",service="svc"} 1');
    expect(metrics).toContain('svc_machine_transitions_total{machine="worker",event="FAIL",service="svc"} 1');
  });

  it('RESET moves a machine out of its failed state; refusals say why', async () => {
    const worker = await start(new Secret('s3cret-token'));
    const reset = (id: string, method = 'POST') =>
      fetch(`${base}/admin/machines/${id}/reset`, { method, headers: auth });
    expect((await reset('worker')).status).toBe(409); // idle does not take RESET
    worker.send({ type: 'FAIL' });
    const res = await reset('worker');
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ machine: { id: 'worker', state: 'idle' } });
    expect(worker.getSnapshot().value).toBe('idle');
    expect(await (await reset('plain')).json()).toMatchObject({ error: { code: 'no_reset_edge' } });
    expect((await reset('nobody')).status).toBe(404);
    expect((await reset('worker', 'GET')).status).toBe(405);
  });
});
