import { tick } from './testing/fixtures';
import { tickRecord } from './testing/kafka';
import { type Scenario, scenario } from './testing/scenario';
import { counterTotal, startSinkApp } from './testing/sink-harness';

const TICKS = 'SELECT count(*)::int AS n FROM ticks';
/** The ticks of the second test (records from 5000 on); the first test's are older. */
const REPUBLISHED = 'SELECT count(*)::int AS n FROM ticks WHERE ts >= to_timestamp(1720000005)';
const records = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    tickRecord(
      tick({ base: `S${(from + i) % 8}`, ts: 1_720_000_000_000 + from + i, tradeId: `s${from + i}` }),
    ),
  );

describe('the offsets stored with the rows', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await scenario('offsets');
  }, 90_000);
  afterAll(async () => {
    await s?.cleanup();
  }, 60_000);

  it('restarts where the database says, even when the Kafka commit is behind', async () => {
    const env = s.env({ SINK_GROUP_ID: s.groupId });
    const first = startSinkApp(env);
    await first.app.start();
    await s.producer.send(s.topics.ticks, records(0, 1000));
    expect(await s.countReaches(TICKS, 1000)).toBe(1000);
    await first.app.stop();

    // The Kafka commit is lost (as after a crash between the two commits), and the rows are taken
    // out so that re-reading them would show: the database's offsets alone must say where to start.
    const admin = s.kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId: s.groupId, topic: s.topics.ticks, earliest: true });
    } finally {
      await admin.disconnect();
    }
    await s.db.query('DELETE FROM ticks');

    const second = startSinkApp(env);
    await second.app.start();
    try {
      await s.producer.send(s.topics.ticks, records(1000, 200));
      expect(await s.countReaches(TICKS, 200)).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await s.count(TICKS)).toBe(200);
      expect(await s.count(`SELECT count(*)::int AS n FROM ticks WHERE ts < to_timestamp(1720000001)`)).toBe(
        0,
      );
    } finally {
      await second.app.stop();
    }
  }, 120_000);

  it('stores a tick its producer published twice (in one batch and in a later one) once', async () => {
    // A topic of its own: the first batch is all new, so it goes by COPY.
    const r = await scenario('republish');
    const { app, registry } = startSinkApp(r.env({ SINK_GROUP_ID: r.groupId }));
    await app.start();
    try {
      const once = records(5000, 300);
      await r.producer.send(r.topics.ticks, once);
      expect(await r.countReaches(REPUBLISHED, 300)).toBe(300);
      // The producer crashed and republished: the same ticks (new envelope ids) plus new ones.
      await r.producer.send(r.topics.ticks, [
        ...records(5000, 300),
        ...records(5300, 100),
        ...records(5300, 100),
      ]);
      expect(await r.countReaches(REPUBLISHED, 400)).toBe(400);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await r.count(REPUBLISHED)).toBe(400);
      expect(
        await r.count(`${REPUBLISHED.replace('count(*)', 'count(DISTINCT (base, ts, trade_id))')}`),
      ).toBe(400);
      expect(await counterTotal(registry, 'fixed_sink_batches_written_total')).toBeGreaterThan(0);
      const byPath =
        (await registry.getSingleMetric('fixed_sink_batches_written_total')?.get())?.values ?? [];
      expect(byPath.find((v) => v.labels.path === 'copy')?.value).toBeGreaterThan(0);
      expect(byPath.find((v) => v.labels.path === 'insert')?.value).toBeGreaterThan(0);
    } finally {
      await app.stop();
      await r.cleanup();
    }
  }, 120_000);
});
