import { waitUntil } from '@mdp/runtime/wait-until';
import { readLag } from './kafka/lag-monitor';
import { candle, tick } from './testing/fixtures';
import { candleRecord, tickRecord } from './testing/kafka';
import { type Scenario, scenario } from './testing/scenario';
import { buildSink, type SinkProcess, spawnSink } from './testing/sink-process';

const TICKS = 'SELECT count(*)::int AS n FROM ticks';
const N = 30_000;
const CANDLES = 300;
const MINUTE = 60_000;
const START = 1_700_000_000_000 - (1_700_000_000_000 % MINUTE);

describe('the sink process killed with SIGKILL mid-stream and restarted', () => {
  let s: Scenario;
  const processes: SinkProcess[] = [];

  beforeAll(async () => {
    buildSink();
    s = await scenario('kill');
  }, 180_000);
  afterAll(async () => {
    for (const p of processes)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await s?.cleanup();
  }, 60_000);

  const lag = async () => {
    const admin = s.kafka.admin();
    await admin.connect();
    try {
      const lags = await readLag(admin, s.groupId, [s.topics.ticks, s.topics.candles1m]);
      return lags.reduce((sum, p) => sum + p.lag, 0);
    } finally {
      await admin.disconnect();
    }
  };

  it('stores every tick once, keeps the latest candle revisions, and drains on SIGTERM', async () => {
    const ticks = Array.from({ length: N }, (_, i) =>
      tickRecord(tick({ base: `K${i % 16}`, ts: 1_700_000_000_000 + i, tradeId: `k${i}` })),
    );
    // Three revisions of each candle, in order, on its pair's partition.
    const candles = Array.from({ length: CANDLES * 3 }, (_, i) => {
      const n = Math.floor(i / 3);
      const revision = i % 3;
      return candleRecord(
        candle({
          base: `K${n % 16}`,
          start: START + Math.floor(n / 16) * MINUTE,
          close: 100 + revision,
          high: 200,
        }),
        new Date(1_700_000_000_000 + i),
      );
    });
    await s.producer.send(s.topics.ticks, ticks);
    await s.producer.send(s.topics.candles1m, candles);
    const env = s.env({
      SINK_GROUP_ID: s.groupId,
      SINK_BATCH_SIZE: '300',
      HTTP_PORT: '0',
      SINK_FLUSH_INTERVAL_MS: '5',
      // A small buffer: on SIGTERM most of a backlog is still unfetched, so the drain is partial.
      SINK_MAX_BUFFERED: '1000',
      // The killed member says no goodbye: its partitions move once its session times out.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
    });

    const first = spawnSink(env);
    processes.push(first);
    await s.countReaches(TICKS, 3000, 60_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const afterKill = await s.count(TICKS);
    expect(afterKill).toBeLessThan(N);
    expect(await lag()).toBeGreaterThan(0);

    const second = spawnSink(env);
    processes.push(second);
    expect(await s.countReaches(TICKS, N, 120_000)).toBe(N);
    await s.countReaches(`SELECT count(*)::int AS n FROM candles_1m WHERE close = 102`, CANDLES, 60_000);
    expect(await s.count(TICKS)).toBe(N);
    expect(await s.count('SELECT count(DISTINCT message_id)::int AS n FROM ticks')).toBe(N);
    expect(await s.count('SELECT count(*)::int AS n FROM candles_1m')).toBe(CANDLES);
    expect(await s.count('SELECT count(*)::int AS n FROM candles_1m WHERE close <> 102')).toBe(0);

    // Everything committed.
    let remaining = -1;
    for (let i = 0; i < 60 && remaining !== 0; i++) {
      remaining = await lag();
      if (remaining !== 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(remaining).toBe(0);

    // SIGTERM mid-stream: the sink writes what it holds, commits exactly what it wrote, exits 0.
    const more = Array.from({ length: 20_000 }, (_, i) =>
      tickRecord(tick({ base: `K${i % 16}`, ts: 1_800_000_000_000 + i, tradeId: `m${i}` })),
    );
    await s.producer.send(s.topics.ticks, more);
    await s.countReaches(TICKS, N + 1000, 60_000);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['fixed-sink started', 'stopped']));
    // What is committed is exactly what is stored (the candles were all committed before).
    const stored = await s.count(TICKS);
    expect(stored).toBeLessThan(N + more.length);
    expect(await lag()).toBe(N + more.length - stored);
  }, 300_000);

  it('exits non-zero with a clear line when it cannot start', async () => {
    const broken = spawnSink({
      ...s.env(),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      SINK_STARTUP_TIMEOUT_MS: '0',
    });
    processes.push(broken);
    const exit = await broken.exited;
    expect(exit.code).toBe(1);
    expect(
      await waitUntil(() => broken.logs.some((l) => l.msg === 'fixed-sink failed to start'), {
        timeoutMs: 1000,
      }),
    ).toBe(true);
  }, 60_000);
});
