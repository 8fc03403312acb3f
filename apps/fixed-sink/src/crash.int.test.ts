import { join } from 'node:path';
import { waitUntil } from '@mdp/runtime/wait-until';
import { tick } from './testing/fixtures';
import { tickRecord } from './testing/kafka';
import { type Scenario, scenario } from './testing/scenario';
import { buildSink, type SinkProcess, spawnSink } from './testing/sink-process';

const CRASHING_SINK = join(__dirname, 'testing', 'crashing-sink.js');

describe('the built sink whose root machine fails', () => {
  let s: Scenario;
  let sink: SinkProcess | undefined;

  beforeAll(async () => {
    buildSink();
    s = await scenario('crash');
  }, 180_000);
  afterAll(async () => {
    if (sink && sink.child.exitCode === null && sink.child.signalCode === null) sink.child.kill('SIGKILL');
    await s?.cleanup();
  }, 60_000);

  it('logs one fatal line naming the machine, drains and exits 70 (a crash: restart it)', async () => {
    sink = spawnSink(
      s.env({ SINK_GROUP_ID: s.groupId, HTTP_PORT: '0', SINK_DRAIN_TIMEOUT_MS: '1000' }),
      CRASHING_SINK,
    );
    const started = () => sink?.logs.some((l) => l.msg === 'fixed-sink started') ?? false;
    expect(await waitUntil(started, { timeoutMs: 30_000 })).toBe(true);

    await s.producer.send(s.topics.ticks, [tickRecord(tick({ tradeId: 'crash-1' }))]);

    expect(await sink.exited).toEqual({ code: 70, signal: null });
    const fatal = sink.logs.filter((l) => l.level === 'fatal');
    expect(fatal).toEqual([
      expect.objectContaining({
        msg: 'fixed-sink crashed',
        reason: 'sink machine failed',
        err: expect.objectContaining({ message: 'a bug in the sink machine' }),
      }),
    ]);
    expect(await s.count('SELECT count(*)::int AS n FROM ticks')).toBe(0);
  }, 120_000);
});
