import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { dynamicTopicName } from '@mdp/contracts/topic-names';
import { ensureTopics } from '@mdp/runtime/topics';
import type { CoordinatorApp } from '../app';
import type { RecordData } from '../tasks';
import { ControlClient, newNamespace } from '../testing/control-client';
import { ADMIN_TOKEN, eventually, startCoordinator } from '../testing/test-app';

jest.setTimeout(90_000);

const ns = newNamespace();
const client = new ControlClient(ns);
let app: CoordinatorApp | undefined;

const spec = (symbol: string): DynamicTopicSpec => ({
  kind: 'ticks',
  symbols: [symbol],
  quote: 'USD',
  market: 'CCCAGG',
  samplingMs: 0,
});
const record = (symbol: string, status: RecordData['status']): RecordData => ({
  topic: dynamicTopicName(spec(symbol), ns),
  spec: spec(symbol),
  status,
  partitions: 2,
  retentionMs: 3_600_000,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  requestedBy: ['app'],
  lastRequestId: `req-${symbol}`,
  reason: null,
});

/** What GET /admin/orphans says of the registry read. */
async function registryComplete(coordinator: CoordinatorApp | undefined): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${coordinator?.port()}/admin/orphans`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const body = (await res.json()) as { registry: { complete: boolean } | null };
  return body.registry?.complete === true;
}

afterAll(async () => {
  await app?.stop();
  await client.cleanup();
});

describe('reconciliation after crashes', () => {
  it('finishes, recreates, cleans up, seals the registry, then deletes a new orphan after its grace period', async () => {
    // The leftovers of coordinators killed at various steps:
    const names = client.names;
    await client.connect();
    await ensureTopics(client.admin, [
      { topic: names.registry, partitions: 1, compacted: true },
      { topic: names.events, partitions: 1 },
      { topic: names.requests, partitions: 1 },
      { topic: names.dlq('coordinator'), partitions: 1 },
    ]);
    const createdNoActive = record('AAA', 'creating'); // killed between create and the active write
    const recordNoTopic = record('BBB', 'creating'); // killed between the creating write and the create
    const vanished = record('CCC', 'active'); // topic deleted behind our back
    const deletedNoTombstone = record('EEE', 'retiring'); // killed between delete and tombstone
    for (const r of [createdNoActive, recordNoTopic, vanished, deletedNoTombstone])
      await client.writeRecord(r);
    await ensureTopics(client.admin, [{ topic: createdNoActive.topic, partitions: 2 }]);
    await client.start();

    app = await startCoordinator(ns, { ORPHAN_GRACE_MS: '4000', RECONCILE_INTERVAL_MS: '1000' });

    const completed = await client.record(createdNoActive.topic, (r) => r?.status === 'active');
    expect(completed).toMatchObject({ partitions: 2, requestedBy: ['app'] });
    // its requester may still be waiting: it gets its answer
    expect(await client.answer('req-AAA')).toMatchObject({
      type: 'TopicActivated',
      data: { topic: createdNoActive.topic },
    });

    await client.record(recordNoTopic.topic, (r) => r?.status === 'active');
    expect(await client.topicExists(recordNoTopic.topic)).toBe(true);
    // a recreated topic is announced again (no requester: request id null)
    await client.waitFor(
      client.events,
      (e) => e.type === 'TopicActivated' && e.data.topic === vanished.topic,
    );
    expect(await client.topicExists(vanished.topic)).toBe(true);
    expect(client.registry.items.filter((i) => i.key === vanished.topic)).toHaveLength(2);

    await client.record(deletedNoTombstone.topic, (r) => r === null);
    await client.waitFor(
      client.events,
      (e) => e.type === 'TopicRetired' && e.data.topic === deletedNoTombstone.topic,
    );

    // Every dynamic topic has its record now: the registry is sealed. A topic created behind the
    // coordinator's back afterwards (nobody recorded it, no data, no subscribers) is deleted after
    // its grace period, not before.
    await eventually(() => registryComplete(app), 20_000, 250);
    const orphan = dynamicTopicName(spec('DDD'), ns);
    await ensureTopics(client.admin, [{ topic: orphan, partitions: 1 }]);
    const createdAt = Date.now();
    await eventually(async () => !(await client.topicExists(orphan)), 30_000, 250);
    expect(Date.now() - createdAt).toBeGreaterThanOrEqual(4_000);
    expect(client.registry.items.some((i) => i.key === orphan)).toBe(false);
  });
});
