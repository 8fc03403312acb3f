import { waitUntil } from '@mdp/runtime/wait-until';
import type { SinkApp } from './app';
import { readLag } from './kafka/lag-monitor';
import { tick } from './testing/fixtures';
import { tickRecord } from './testing/kafka';
import { type Scenario, scenario } from './testing/scenario';
import { startSinkApp } from './testing/sink-harness';
import { startTcpProxy } from './testing/tcp-proxy';

const TICKS = 'SELECT count(*)::int AS n FROM ticks';
const records = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    tickRecord(
      tick({ base: `C${(from + i) % 16}`, ts: 1_700_000_000_000 + from + i, tradeId: `o${from + i}` }),
    ),
  );

describe('database connection cut mid-stream (through a TCP proxy the test controls)', () => {
  let s: Scenario;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let app: SinkApp;
  const states = new Set<string>();

  beforeAll(async () => {
    s = await scenario('outage');
    const direct = new URL(s.database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const throughProxy = new URL(s.database.url);
    throughProxy.port = String(proxy.port);
    ({ app } = startSinkApp(
      s.env({
        DATABASE_URL: throughProxy.toString(),
        SINK_GROUP_ID: s.groupId,
        SINK_BATCH_SIZE: '200',
        SINK_RETRY_MAX_MS: '300',
        DB_CONNECT_TIMEOUT_MS: '1000',
      }),
    ));
    await app.start();
    app.actor.subscribe((snapshot) => states.add(JSON.stringify(snapshot.value)));
  }, 90_000);
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    await app?.stop();
    await proxy?.close();
    await s?.cleanup();
  }, 60_000);

  it('pauses while the database is unreachable and then stores every row exactly once', async () => {
    // The cut comes while a batch's COMMIT is on the wire: the server commits it, the sink never
    // hears, and writes the batch again (COPY refuses the duplicates; the INSERT path stores nothing twice).
    const cutDone = proxy.cutOnAnswer('COMMIT');
    await s.producer.send(s.topics.ticks, records(0, 4000));
    await cutDone;
    const atCut = await s.count(TICKS);
    expect(atCut).toBeGreaterThan(0);
    expect(atCut).toBeLessThan(4000);

    // More data arrives during the outage: the sink holds it back, nothing is lost.
    await s.producer.send(s.topics.ticks, records(4000, 3000));
    expect(
      await waitUntil(() => app.actor.getSnapshot().matches({ error: 'paused' }), {
        timeoutMs: 20_000,
        intervalMs: 20,
      }),
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(app.actor.getSnapshot().matches({ error: 'paused' })).toBe(true);
    const admin = s.kafka.admin();
    await admin.connect();
    const lagDuringOutage = await readLag(admin, s.groupId, [s.topics.ticks]);
    expect(lagDuringOutage.reduce((sum, p) => sum + p.lag, 0)).toBeGreaterThan(0);

    await proxy.restore();
    await s.producer.send(s.topics.ticks, records(7000, 1000));
    expect(await s.countReaches(TICKS, 8000, 90_000)).toBe(8000);
    const distinct = await s.count('SELECT count(DISTINCT (base, ts, trade_id))::int AS n FROM ticks');
    expect(distinct).toBe(8000);
    expect(states).toContain(JSON.stringify({ error: 'paused' }));
    expect(states).toContain(JSON.stringify({ writingToDB: 'committing' }));

    // Every offset is committed once the backlog is written.
    try {
      const committed = await waitUntil(() => app.actor.getSnapshot().matches('idle'), {
        timeoutMs: 10_000,
        intervalMs: 20,
      });
      expect(committed).toBe(true);
      let total = -1;
      for (let i = 0; i < 100 && total !== 0; i++) {
        total = (await readLag(admin, s.groupId, [s.topics.ticks])).reduce((sum, p) => sum + p.lag, 0);
        if (total !== 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(total).toBe(0);
    } finally {
      await admin.disconnect();
    }
  }, 180_000);
});
