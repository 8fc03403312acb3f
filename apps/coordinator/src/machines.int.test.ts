import type { MachinesBody } from '@mdp/runtime/machine-routes';
import type { CoordinatorApp } from './app';
import { newNamespace } from './testing/control-client';
import { ADMIN_TOKEN, eventually, startCoordinator } from './testing/test-app';

jest.setTimeout(60_000);

let app: CoordinatorApp;
let base: string;

beforeAll(async () => {
  app = await startCoordinator(newNamespace());
  base = `http://127.0.0.1:${app.port()}`;
});

afterAll(async () => {
  await app?.stop();
});

const get = async (headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` }) => {
  const res = await fetch(`${base}/admin/machines`, { headers });
  return { status: res.status, body: (await res.json()) as MachinesBody & { error?: unknown } };
};

describe('GET /admin/machines on the coordinator', () => {
  it('is refused without the admin token, with the one error body', async () => {
    expect(await get({})).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'missing Bearer token' } },
    });
  });

  it('shows the machine taking the request partition, and exports its state', async () => {
    const body = (await eventually(async () => {
      const r = await get();
      return r.body.machines?.[0]?.state === 'active' ? r.body : null;
    })) as MachinesBody;
    expect(body.service).toBe('coordinator');
    expect(body.machines).toHaveLength(1);
    expect(body.machines[0]?.id).toBe('coordinator');
    expect(body.machines[0]?.transitions).toContainEqual(
      expect.objectContaining({ event: 'PARTITION_ASSIGNED', from: 'standby', to: 'reconciling' }),
    );
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/coordinator_machine_state\{machine="coordinator",state="active"[^}]*\} 1/);
    expect(metrics).toMatch(
      /coordinator_machine_state\{machine="coordinator",state="error\.halted"[^}]*\} 0/,
    );
    expect(metrics).toMatch(
      /coordinator_machine_transitions_total\{machine="coordinator",event="PARTITION_ASSIGNED"[^}]*\} 1/,
    );
  });

  it('refuses RESET while the machine is active (409), and unknown machines (404)', async () => {
    const reset = (id: string) =>
      fetch(`${base}/admin/machines/${id}/reset`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
    const active = await reset('coordinator');
    expect(active.status).toBe(409);
    expect(await active.json()).toMatchObject({ error: { code: 'reset_not_accepted' } });
    expect((await reset('nobody')).status).toBe(404);
  });
});
