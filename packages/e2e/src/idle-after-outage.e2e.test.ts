import { type LocalKafka, startLocalKafka } from '@mdp/local-infra/kafka-broker';
import { testInfra } from '@mdp/local-infra/test-env';
import { lifecycleOf, readControlEvents } from './harness/control-events';
import { listTopics } from './harness/kafka';
import { type Platform, startPlatform } from './harness/platform';
import { SERVICE_NAMES } from './harness/repo-paths';
import { openSseClient, type SseClient } from './harness/sse-client';
import { sleep, waitFor } from './harness/wait';

const IDLE_RETIRE_MS = 3_000;
const HEARTBEAT_MS = 500; // service-env.ts

// During a broker outage no SubscriberHeartbeat can arrive, and afterwards each gateway needs a while
// to publish again. The coordinator counts neither as idle time: it waits for every gateway heard
// before the outage to report again (apps/coordinator/src/events/subscribers.ts). With an outage and a
// reconnect far longer than IDLE_RETIRE_MS, a topic with a connected application must survive.
describe('a broker outage longer than IDLE_RETIRE_MS does not retire topics that have subscribers', () => {
  let broker: LocalKafka;
  let p: Platform;
  let app: SseClient;
  let topic = '';

  beforeAll(async () => {
    broker = await startLocalKafka();
    p = await startPlatform({
      label: 'idle-after-outage',
      brokers: broker.brokers.join(','),
      serverDatabaseUrl: testInfra().databaseUrl,
      env: { coordinator: { IDLE_RETIRE_MS: String(IDLE_RETIRE_MS) } },
    });
    console.log(`idle-after-outage: logs in ${p.logDir}, broker log ${broker.logFile}`);
    app = openSseClient(
      p.urls['dynamic-gateway'],
      { spec: JSON.stringify({ kind: 'ticks', symbols: ['BTC'], quote: 'USD' }) },
      p.apiKeys.alpha,
    );
    topic = (
      await waitFor(() => app.readies[0], {
        what: 'the stream to open',
        timeoutMs: 30_000,
        describe: p.tails,
      })
    ).topic;
    await waitFor(() => app.messages.length >= 3, {
      what: 'ticks on the stream',
      timeoutMs: 30_000,
      describe: p.tails,
    });
  }, 240_000);

  afterAll(async () => {
    app?.close();
    await p?.stop();
    await broker?.stop();
  });

  test('the subscribed topic survives the outage', async () => {
    await broker.pause();
    await sleep(8_000);
    await broker.resume();
    const resumedAt = Date.now();
    await p.waitReady(SERVICE_NAMES, 120_000);
    const readyAfterMs = Date.now() - resumedAt;
    const before = app.messages.length;
    await waitFor(() => app.messages.length > before + 3, {
      what: 'the application stream to move again',
      timeoutMs: 60_000,
      describe: () => `errors: ${app.errors.slice(-5).join(' | ')}\n${p.tails()}`,
    });
    // Long enough for a wrong judgement to show: three heartbeat intervals plus IDLE_RETIRE_MS, twice.
    await sleep(2 * (3 * HEARTBEAT_MS + IDLE_RETIRE_MS));
    const events = await readControlEvents(p.kafka, p.topics.events);
    const firstBeatAfter = events.find(
      (e) => e.type === 'SubscriberHeartbeat' && Date.parse(e.at) >= resumedAt,
    );
    const lifecycle = lifecycleOf(events, topic);
    console.log(
      `idle-after-outage: ${topic} events ${lifecycle.join(' → ')}; services ready ${readyAfterMs} ms ` +
        `after the broker; first heartbeat ${firstBeatAfter ? Date.parse(firstBeatAfter.at) - resumedAt : '-'} ms after it`,
    );
    expect(lifecycle).not.toContain('TopicRetiring');
    expect(await listTopics(p.kafka, p.topics.dynamicPrefix)).toContain(topic);
  }, 300_000);
});
