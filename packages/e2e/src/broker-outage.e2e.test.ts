import { type LocalKafka, startLocalKafka } from '@mdp/local-infra/kafka-broker';
import { testInfra } from '@mdp/local-infra/test-env';
import { readyStatus } from './harness/http';
import { readTopic } from './harness/kafka';
import { type Platform, startPlatform } from './harness/platform';
import { compareRegistryWithBroker, registryMatches } from './harness/registry';
import { SERVICE_NAMES } from './harness/repo-paths';
import { auditPlatform, waitForDatabaseToCatchUp } from './harness/settle';
import { openSseClient, type SseClient } from './harness/sse-client';
import { auditStream, snapshotClient, streamIsSound, summarizeStream } from './harness/stream-audit';
import { summarizeAudit } from './harness/tick-audit';
import { sleep, waitFor } from './harness/wait';

// The broker goes away for a few seconds (same port, same data) and comes back. This file runs a
// broker of its own: the shared one of the test run must never be taken down.
describe('broker outage', () => {
  let broker: LocalKafka;
  let p: Platform;
  let app: SseClient;
  let topic = '';

  beforeAll(async () => {
    broker = await startLocalKafka();
    p = await startPlatform({
      label: 'broker',
      brokers: broker.brokers.join(','),
      serverDatabaseUrl: testInfra().databaseUrl,
    });
    console.log(`broker: logs in ${p.logDir}, broker log ${broker.logFile}`);
    app = openSseClient(
      p.urls['dynamic-gateway'],
      { spec: JSON.stringify({ kind: 'ticks', symbols: ['SOL', 'BTC'], quote: 'USD' }) },
      p.apiKeys.beta,
    );
    topic = (
      await waitFor(() => app.readies[0], {
        what: 'the stream to open',
        timeoutMs: 30_000,
        describe: p.tails,
      })
    ).topic;
    await waitFor(() => app.messages.length >= 5, {
      what: 'ticks on the stream',
      timeoutMs: 30_000,
      describe: p.tails,
    });
    await waitForDatabaseToCatchUp(p, 30_000);
  }, 240_000);

  afterAll(async () => {
    app?.close();
    await p?.stop();
    await broker?.stop();
  });

  test('every service recovers by itself and nothing is lost', async () => {
    const roundFrom = Date.now();
    await sleep(2_000);
    await broker.pause();
    const pausedAt = Date.now();
    // While it is down, the services notice (readiness) but stay up.
    const seenNotReady = new Set<string>();
    while (Date.now() - pausedAt < 6_000) {
      for (const name of SERVICE_NAMES) if ((await readyStatus(p.urls[name])) !== 200) seenNotReady.add(name);
      await sleep(500);
    }
    await broker.resume();
    const resumedAt = Date.now();
    await p.waitReady(SERVICE_NAMES, 120_000);
    const recoveredAfterMs = Date.now() - resumedAt;
    for (const name of SERVICE_NAMES)
      expect({ name, exits: p.processes[name].exits }).toEqual({ name, exits: [] });

    await sleep(3_000);
    await waitForDatabaseToCatchUp(p, 60_000);
    const audit = await auditPlatform(p, [], roundFrom, 30_000);
    const before = app.messages.length;
    await waitFor(() => app.messages.length > before + 3, {
      what: 'the application stream to move again',
      timeoutMs: 30_000,
      describe: () => `errors: ${app.errors.slice(-5).join(' | ')}\n${p.tails()}`,
    });
    const seen = snapshotClient(app);
    const stream = auditStream(seen, await readTopic(p.kafka, topic));
    const registry = await waitFor(
      async () => {
        const c = await compareRegistryWithBroker(p.kafka, p.topics.registry, p.topics.dynamicPrefix);
        return registryMatches(c) && c;
      },
      { what: 'the registry to match the broker', timeoutMs: 30_000 },
    );
    console.log(
      `${summarizeAudit('broker outage (this round)', audit.round)}; topic repeats ${audit.topic.topicRepeats}\n` +
        `broker outage: down ${resumedAt - pausedAt} ms, all ready ${recoveredAfterMs} ms after it was back, ` +
        `not ready meanwhile: ${[...seenNotReady].join(', ') || 'none'}; ${summarizeStream(stream)}; ` +
        `registry ${Object.keys(registry.records).length} record(s) = broker ${registry.brokerTopics.length}`,
    );
    expect(audit.ticks.duplicates).toBe(0);
    expect(audit.ticks.missing).toEqual([]);
    expect(audit.ticks.mismatched).toEqual([]);
    expect(audit.ticks.unknown).toEqual([]);
    expect(audit.topic.notStored).toEqual([]);
    expect(audit.topic.notOnTopic).toEqual([]);
    // Ticks kept flowing in during the outage (the producer buffered them), not just after it.
    expect(audit.round.expected).toBeGreaterThan(30);
    expect(streamIsSound(stream)).toBe(true);
    expect(registry.brokerTopics).toContain(topic);
  });
});
