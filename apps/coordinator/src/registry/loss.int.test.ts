import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import { ensureTopics } from '@mdp/runtime/topics';
import type { CoordinatorApp } from '../app';
import { ControlClient, newNamespace } from '../testing/control-client';
import { ADMIN_TOKEN, eventually, startCoordinator } from '../testing/test-app';

jest.setTimeout(240_000);

const spec = (symbol: string): DynamicTopicSpec => ({
  kind: 'ticks',
  symbols: [symbol],
  quote: 'USD',
  market: 'CCCAGG',
  samplingMs: 0,
});
const FAST = { ORPHAN_GRACE_MS: '1000', RECONCILE_INTERVAL_MS: '1000', IDLE_RETIRE_MS: '3600000' };

const apps: CoordinatorApp[] = [];
const clients: ControlClient[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const client of clients) await client.cleanup();
});

async function call(app: CoordinatorApp, method: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${app.port()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const metrics = async (app: CoordinatorApp) => (await fetch(`http://127.0.0.1:${app.port()}/metrics`)).text();
type OrphansBody = {
  reconciledAt: string | null;
  registry: { complete: boolean; gaps: string[] } | null;
  orphans: Array<{ topic: string; verdict: string; spec: DynamicTopicSpec | null }>;
};
const orphans = async (app: CoordinatorApp) =>
  (await call(app, 'GET', '/admin/orphans')).body as unknown as OrphansBody;
/** Resolves once `app` has reconciled `passes` more times (RECONCILE_INTERVAL_MS is 1 s). */
const reconciliations = async (app: CoordinatorApp, passes: number) => {
  const start = Date.now();
  await eventually(async () => {
    const { reconciledAt } = await orphans(app);
    return reconciledAt !== null && Date.parse(reconciledAt) > start + (passes - 1) * 1000;
  }, 30_000);
};

describe('the registry is never a reason to delete data', () => {
  it('survives the registry topic being deleted under a running coordinator', async () => {
    const client = new ControlClient(newNamespace());
    clients.push(client);
    const app = await startCoordinator(client.namespace, FAST);
    apps.push(app);
    await client.start();
    const topics = [];
    for (const symbol of ['AAA', 'BBB']) {
      const answer = await client.answer(await client.request(spec(symbol)));
      expect(answer.type).toBe('TopicActivated');
      topics.push(dynamicTopicName(spec(symbol), client.namespace));
    }
    await eventually(async () => (await orphans(app)).registry?.complete, 60_000);

    await client.admin.deleteTopics({ topics: [client.names.registry] });

    // The coordinator recreates the registry and writes back the records it held...
    await eventually(async () =>
      /coordinator_registry_restores_total\{cause="missing"[^}]*\} 1/.test(await metrics(app)),
    );
    await eventually(() => client.topicExists(client.names.registry));
    // ...several grace periods pass: nothing is deleted
    await reconciliations(app, 4);
    for (const topic of topics) expect(await client.topicExists(topic)).toBe(true);

    // A coordinator started now reads the refilled registry: both topics are there, no orphans.
    const next = await startCoordinator(client.namespace, FAST);
    apps.push(next);
    const listed = (await call(next, 'GET', '/admin/topics')).body as { topics: Array<{ topic: string }> };
    expect(listed.topics.map((t) => t.topic).sort()).toEqual([...topics].sort());

    // the refilled registry accounts for every topic again: sealed, complete (as the active one of
    // the two coordinators, the one reconciling, reports)
    const reports = async () => Promise.all([app, next].map(orphans));
    await eventually(async () => (await reports()).some((r) => r.registry?.complete), 60_000);
    for (const report of await reports()) expect(report.orphans).toEqual([]);

    // and the platform goes on: a new request is served
    const answer = await client.answer(await client.request(spec('CCC')), 30_000);
    expect(answer.type).toBe('TopicActivated');
    for (const topic of topics) expect(await client.topicExists(topic)).toBe(true);
  });

  it('keeps and reports orphans a recreated registry cannot vouch for; an operator resolves them', async () => {
    // The registry was lost while no coordinator ran: it is back, empty, and the topics remain.
    const client = new ControlClient(newNamespace());
    clients.push(client);
    await client.connect();
    const kept = dynamicTopicName(spec('KEEP'), client.namespace);
    const dropped = dynamicTopicName(spec('DROP'), client.namespace);
    await ensureTopics(client.admin, [
      { topic: client.names.registry, partitions: 1, compacted: true },
      { topic: kept, partitions: 2 },
      { topic: dropped, partitions: 1 },
    ]);
    const app = await startCoordinator(client.namespace, FAST);
    apps.push(app);
    await client.start();

    await reconciliations(app, 4);
    expect(await client.topicExists(kept)).toBe(true);
    expect(await client.topicExists(dropped)).toBe(true);
    const report = await orphans(app);
    expect(report.registry).toEqual({ complete: false, gaps: ['unsealed'] });
    expect(report.orphans).toEqual(
      [
        { topic: dropped, spec: spec('DROP') },
        { topic: kept, spec: spec('KEEP') },
      ]
        .sort((a, b) => a.topic.localeCompare(b.topic))
        .map((o) => expect.objectContaining({ ...o, verdict: 'registry_incomplete' })),
    );
    const scraped = await metrics(app);
    expect(scraped).toMatch(/coordinator_orphan_topics\{verdict="registry_incomplete"[^}]*\} 2/);
    expect(scraped).toMatch(/coordinator_registry_complete\{[^}]*\} 0/);

    // a spec must name the very topic; a name must be an orphan on the broker
    expect(await call(app, 'POST', `/admin/orphans/${kept}`, { spec: spec('DROP') })).toMatchObject({
      status: 422,
      body: { error: { code: 'spec_mismatch' } },
    });
    const absent = dynamicTopicName(spec('NONE'), client.namespace);
    expect((await call(app, 'DELETE', `/admin/orphans/${absent}`)).status).toBe(404);
    expect((await call(app, 'PUT', `/admin/orphans/${kept}`)).status).toBe(405);

    // re-register one: its record comes back and it is announced; delete the other
    const reRegistered = await call(app, 'POST', `/admin/orphans/${kept}`, {});
    expect(reRegistered).toMatchObject({
      status: 200,
      body: { topic: kept, status: 'active', partitions: 2 },
    });
    expect(await client.record(kept, (r) => r?.status === 'active')).toMatchObject({ spec: spec('KEEP') });
    expect(await call(app, 'DELETE', `/admin/orphans/${dropped}`)).toMatchObject({ status: 200 });
    expect(await client.topicExists(dropped)).toBe(false);
    // a registered topic is no orphan
    expect((await call(app, 'DELETE', `/admin/orphans/${kept}`)).status).toBe(409);

    // every topic accounted for: the registry gets sealed, the kept topic stays
    await eventually(async () => (await orphans(app)).registry?.complete, 60_000);
    expect((await orphans(app)).orphans).toEqual([]);
    expect(await client.topicExists(kept)).toBe(true);
  });
});
