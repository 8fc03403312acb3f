import type { MachinesBody } from '@mdp/runtime/machine-routes';
import { type Harness, sleep, startHarness } from './testing/harness';

const TOKEN = 'producer-admin-token-0123456789';

describe('GET /admin/machines on the producer', () => {
  let h: Harness;
  let base: string;

  beforeAll(async () => {
    h = await startHarness({ env: { PRODUCER_ADMIN_TOKEN: TOKEN, PRODUCER_PAIRS: 'BTC-USD' } });
    base = `http://127.0.0.1:${(await h.startProducer()).port()}`;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  }, 60_000);

  it('is refused without the admin token', async () => {
    const res = await fetch(`${base}/admin/machines`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'missing Bearer token' } });
  });

  it('shows the producer machine cycling, with its state and transition metrics', async () => {
    let body: MachinesBody | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${base}/admin/machines`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      body = (await res.json()) as MachinesBody;
      if (body.machines[0]?.transitions.some((t) => t.event === 'xstate.done.actor.publishFixed')) break;
      await sleep(100);
    }
    expect(body?.service).toBe('producer');
    expect(body?.machines).toEqual([expect.objectContaining({ id: 'producer', machine: 'producer' })]);
    expect(body?.machines[0]?.transitions.map((t) => t.event)).toContain('xstate.done.actor.publishFixed');
    expect(await h.metric('producer_machine_transitions_total', { machine: 'producer' })).toBeGreaterThan(0);
    const inStates = await h.metric('producer_machine_state', { machine: 'producer' });
    expect(inStates).toBe(1);
  }, 30_000);

  it('takes RESET by machine id only: 409 while it cycles, and no /admin/reset alias', async () => {
    const post = (path: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    const reset = await post('/admin/machines/producer/reset');
    expect(reset.status).toBe(409);
    expect(await reset.json()).toMatchObject({ error: { code: 'reset_not_accepted' } });
    expect((await post('/admin/reset')).status).toBe(404);
  });
});
