import { eventually } from '@mdp/runtime/testing';
import type { SinkApp } from './app';
import { tick } from './testing/fixtures';
import { tickRecord } from './testing/kafka';
import { type Scenario, scenario } from './testing/scenario';
import { counterTotal, startSinkApp } from './testing/sink-harness';

const TICKS = 'SELECT count(*)::int AS n FROM ticks';
const ROWS = 'fixed_sink_rows_written_total';
const records = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    tickRecord(
      tick({ base: `R${(from + i) % 32}`, ts: 1_700_000_000_000 + from + i, tradeId: `r${from + i}` }),
    ),
  );

async function ready(app: SinkApp): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${app.port()}/readyz`).catch(() => undefined);
  return response?.status === 200;
}

describe('two sink replicas in one consumer group', () => {
  let s: Scenario;
  const replicas: ReturnType<typeof startSinkApp>[] = [];

  beforeAll(async () => {
    s = await scenario('replicas');
    for (const id of ['a', 'b'])
      replicas.push(
        startSinkApp(
          s.env({ SINK_GROUP_ID: s.groupId, KAFKA_CLIENT_ID: `sink-${id}`, SINK_BATCH_SIZE: '250' }),
        ),
      );
    // Both start together: their migrations race on the advisory lock, and both join the group.
    await Promise.all(replicas.map((r) => r.app.start()));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.app.stop()));
    await s?.cleanup();
  }, 60_000);

  it('share the partitions and store each row once, also across a replica leaving', async () => {
    const [a, b] = replicas;
    if (!a || !b) throw new Error('two replicas expected');
    // Both in the group (a rebalance follows the second join) before the data arrives.
    await Promise.all(
      replicas.map(async (r) => {
        const deadline = Date.now() + 60_000;
        while (!(await ready(r.app)) && Date.now() < deadline)
          await new Promise((res) => setTimeout(res, 200));
      }),
    );
    await s.producer.send(s.topics.ticks, records(0, 6000));
    expect(await s.countReaches(TICKS, 6000, 90_000)).toBe(6000);
    // The counters move when a batch is committed, just after its rows are visible.
    const written = () => Promise.all(replicas.map((r) => counterTotal(r.registry, ROWS)));
    await eventually(
      async () => (await written()).reduce((sum, n) => sum + n, 0) >= 6000,
      'counters',
      10_000,
    );
    const [writtenA, writtenB] = await written();
    expect(writtenA).toBeGreaterThan(0);
    expect(writtenB).toBeGreaterThan(0);
    // Inserted rows add up to the messages: no row was written twice.
    expect((writtenA ?? 0) + (writtenB ?? 0)).toBe(6000);

    // One replica leaves (SIGTERM-style drain); the other takes its partitions over.
    await b.app.stop();
    await s.producer.send(s.topics.ticks, records(6000, 4000));
    expect(await s.countReaches(TICKS, 10_000, 90_000)).toBe(10_000);
    expect(await s.count('SELECT count(DISTINCT message_id)::int AS n FROM ticks')).toBe(10_000);
    expect(await counterTotal(a.registry, ROWS)).toBeGreaterThan(writtenA ?? 0);
  }, 240_000);
});
