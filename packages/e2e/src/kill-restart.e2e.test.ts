import { testInfra } from '@mdp/local-infra/test-env';
import { auditCandles } from './harness/candle-audit';
import { readTopic } from './harness/kafka';
import { metricSum, scrape } from './harness/metrics';
import { type Platform, startPlatform } from './harness/platform';
import { compareRegistryWithBroker, registryMatches } from './harness/registry';
import type { ServiceName } from './harness/repo-paths';
import { auditPlatform, waitForDatabaseToCatchUp } from './harness/settle';
import { openSseClient, type SseClient } from './harness/sse-client';
import { auditStream, snapshotClient, streamIsSound, summarizeStream } from './harness/stream-audit';
import { summarizeAudit } from './harness/tick-audit';
import { sleep, waitFor } from './harness/wait';

// Each service in turn is SIGKILLed during steady flow and started again. Afterwards: every tick
// stored exactly once, the application's stream whole (or an explicit gap), registry == broker.
describe('SIGKILL and restart of each service during steady flow', () => {
  let p: Platform;
  let app: SseClient;
  let topic = '';
  // An application that asks for a new stream while the coordinator is dead.
  let late: SseClient | undefined;
  const outages: { fromMs: number; toMs: number }[] = [];

  beforeAll(async () => {
    const infra = testInfra();
    p = await startPlatform({
      label: 'kill',
      brokers: infra.kafkaBrokers.join(','),
      serverDatabaseUrl: infra.databaseUrl,
    });
    console.log(`kill: logs in ${p.logDir}`);
    app = openSseClient(
      p.urls['dynamic-gateway'],
      { spec: JSON.stringify({ kind: 'ticks', symbols: ['BTC', 'ETH'], quote: 'USD' }) },
      p.apiKeys.alpha,
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
  });

  afterAll(async () => {
    app?.close();
    late?.close();
    await p?.stop();
  });

  const killAndRestart = async (service: ServiceName) => {
    const roundFrom = Date.now();
    const errorsBefore = app.errors.length;
    await sleep(2_000); // steady flow before the kill
    const killedAt = Date.now();
    await p.processes[service].kill('SIGKILL');
    if (service === 'coordinator') {
      const spec = { kind: 'ticks', symbols: ['SOL'], quote: 'USD' };
      late = openSseClient(p.urls['dynamic-gateway'], { spec: JSON.stringify(spec) }, p.apiKeys.beta);
    }
    await sleep(1_500);
    p.processes[service].start();
    await p.waitReady([service], 60_000);
    const readyAt = Date.now();
    // The request sent while the coordinator was dead waited on the request topic and is served now:
    // its stream opens (`ready` names the topic) and ticks arrive on it.
    if (late && service === 'coordinator') {
      const asked = late;
      const describeLate = () =>
        `readies ${asked.readies.length}, messages ${asked.messages.length}, errors: ${asked.errors.join(' | ')}\n${p.tails()}`;
      await waitFor(() => asked.readies[0], {
        what: 'the stream asked for while the coordinator was down to open',
        timeoutMs: 45_000,
        describe: describeLate,
      });
      await waitFor(() => asked.messages.length > 0, {
        what: 'the application that asked while the coordinator was down to get ticks',
        timeoutMs: 30_000,
        describe: describeLate,
      });
    }
    // The producer's stream is the only way ticks come in: while it is down (and in its last unsent
    // batch) ticks are not seen at all; CryptoCompare does not replay them. Declared, and counted.
    if (service === 'producer') outages.push({ fromMs: killedAt - 2_000, toMs: readyAt + 10_000 });
    await sleep(3_000); // flow after the restart
    await waitForDatabaseToCatchUp(p, 30_000);
    const audit = await auditPlatform(p, outages, roundFrom);
    const startCount = app.messages.length;
    await waitFor(() => app.messages.length > startCount + 3, {
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
    // The restarted sink re-reads what its dead predecessor wrote but had not committed: counted here.
    const sink = await scrape(p.urls['fixed-sink']);
    const replayed =
      metricSum(sink, 'fixed_sink_messages_total', { topic: p.topics.ticks, outcome: 'stored' }) -
      metricSum(sink, 'fixed_sink_rows_written_total', { table: 'ticks' });
    console.log(
      `${summarizeAudit(`kill ${service} (this round)`, audit.round)}; ` +
        `tick messages the sink re-read and absorbed since its last start: ${replayed}\n` +
        `${summarizeAudit(`kill ${service} (since start)`, audit.ticks)}; topic repeats ${audit.topic.topicRepeats}\n` +
        `kill ${service}: ${summarizeStream(stream)}, connection errors ${app.errors.length - errorsBefore}; ` +
        `registry ${Object.keys(registry.records).length} record(s) = broker ${registry.brokerTopics.length} ` +
        `dyn topic(s); ready again ${readyAt - killedAt} ms after the kill`,
    );
    expect(audit.ticks.duplicates).toBe(0);
    expect(audit.ticks.missing).toEqual([]);
    expect(audit.ticks.mismatched).toEqual([]);
    expect(audit.ticks.unknown).toEqual([]);
    expect(audit.topic.notStored).toEqual([]);
    expect(audit.topic.notOnTopic).toEqual([]);
    expect(streamIsSound(stream)).toBe(true);
    expect(registry.brokerTopics).toContain(topic);
    if (late) expect(registry.brokerTopics).toContain(late.readies[0]?.topic);
    // The gateway's death must have cut the application's connection (it resumed by itself).
    if (service === 'dynamic-gateway') expect(app.errors.length).toBeGreaterThan(errorsBefore);
  };

  test('fixed-sink', () => killAndRestart('fixed-sink'));
  test('producer', () => killAndRestart('producer'));
  test('coordinator', () => killAndRestart('coordinator'));
  test('dynamic-gateway', () => killAndRestart('dynamic-gateway'));

  test('every minute that closed during the kills is stored with its final values', async () => {
    let audit = auditCandles([], [], []);
    await waitFor(
      async () => {
        audit = auditCandles(await p.simulator.candles({ market: 'CCCAGG' }), await p.db.candles(), p.pairs);
        return audit.closed > 0 && audit.matching === audit.closed;
      },
      // Up to a minute more when no minute has closed yet since the start.
      { what: 'every closed minute stored with its final values', timeoutMs: 75_000, intervalMs: 1_000 },
    ).catch(() => {}); // the expectations below show what differs
    console.log(
      `kill: ${audit.closed} minutes closed during the run, ${audit.matching} stored with the final values`,
    );
    expect(audit.missing).toEqual([]);
    expect(audit.different).toEqual([]);
    expect(audit.closed).toBeGreaterThan(0);
  });
});
