import { type LocalKafka, startLocalKafka } from '@mdp/local-infra/kafka-broker';
import { silentProgress } from '@mdp/local-infra/progress';
import { eventually } from '@mdp/runtime/testing';
import type { App } from './app';
import { type Harness, startHarness } from './testing/harness';
import { readTopic } from './tools/read-topic';
import { checkTicks } from './tools/topic-checks';

jest.setTimeout(240_000);

type Readiness = { status: number; kafka: { ok: boolean; detail?: unknown } | undefined };

async function readiness(app: App): Promise<Readiness> {
  const res = await fetch(`http://127.0.0.1:${app.port()}/readyz`);
  const body = (await res.json()) as { checks?: Record<string, { ok: boolean; detail?: unknown }> };
  return { status: res.status, kafka: body.checks?.kafka };
}

// A broker of its own: the shared one of the test run must never be taken down.
describe('readiness during a broker outage (simulator + a broker of its own)', () => {
  let broker: LocalKafka;
  let h: Harness;
  beforeAll(async () => {
    broker = await startLocalKafka({ progress: silentProgress });
  }, 180_000);
  afterAll(async () => {
    // Back up first if the test failed during the outage, so the producer can stop and clean up.
    await broker?.resume();
    await h?.close();
    await broker?.stop();
  });

  it('is not ready while the broker is down, and ready again once publishing works again', async () => {
    h = await startHarness({
      brokers: broker.brokers,
      sim: { pairs: ['BTC-USD', 'ETH-USD'], tickRate: 2, seed: 11 },
      env: {
        PRODUCER_PAIRS: 'BTC-USD,ETH-USD',
        PRODUCER_STREAM_ENABLED: 'false',
        PRODUCER_CANDLES_ENABLED: 'false',
        PRODUCER_POLL_INTERVAL_MS: '250',
      },
    });
    const app = await h.startProducer();
    await eventually(async () => (await readiness(app)).status === 200, 'ready after start');

    await broker.pause();
    let down: Readiness | undefined;
    await eventually(
      async () => {
        down = await readiness(app);
        return down.status === 503;
      },
      'not ready while the broker is down',
      30_000,
    );
    expect(down?.kafka?.ok).toBe(false);
    expect(JSON.stringify(down?.kafka?.detail)).toMatch(/no answer from the broker|last publish failed/);
    // Still alive: the outage is for readiness, not a reason to restart the process.
    const alive = await fetch(`http://127.0.0.1:${app.port()}/healthz`);
    expect(alive.status).toBe(200);

    await broker.resume();
    const resumedAt = Date.now();
    await eventually(async () => (await readiness(app)).status === 200, 'ready again', 150_000);
    // Ready again because publishing works again: ticks made after the broker came back are on the topic.
    await eventually(
      async () => {
        const { ticks } = checkTicks(await readTopic(h.kafka, h.topics.ticks));
        return ['BTC', 'ETH'].every((base) => ticks.some((t) => t.base === base && t.ts > resumedAt));
      },
      'ticks published after the outage',
      60_000,
    );
  });
});
