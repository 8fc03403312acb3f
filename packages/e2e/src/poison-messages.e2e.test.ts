import { randomUUID } from 'node:crypto';
import { makeEnvelope } from '@mdp/contracts/envelope';
import { priceTick } from '@mdp/contracts/market-data';
import { testInfra } from '@mdp/local-infra/test-env';
import { readControlEvents } from './harness/control-events';
import { readDlq } from './harness/dlq';
import { produceRaw } from './harness/kafka';
import { metricSum, scrape } from './harness/metrics';
import { type Platform, startPlatform } from './harness/platform';
import { SERVICE_NAMES } from './harness/repo-paths';
import { auditPlatform, waitForDatabaseToCatchUp } from './harness/settle';
import { openSseClient, type SseClient } from './harness/sse-client';
import { waitFor } from './harness/wait';

// Poison put straight on the topics, past every producer-side check: each consumer validates on
// receipt and puts what fails on its DLQ with the reason, and goes on with the good messages.
describe('poison messages on the topics', () => {
  let p: Platform;
  let app: SseClient;

  beforeAll(async () => {
    const infra = testInfra();
    p = await startPlatform({
      label: 'poison',
      brokers: infra.kafkaBrokers.join(','),
      serverDatabaseUrl: infra.databaseUrl,
    });
    console.log(`poison: logs in ${p.logDir}`);
    app = openSseClient(
      p.urls['dynamic-gateway'],
      { spec: JSON.stringify({ kind: 'ticks', symbols: ['ETH'], quote: 'USD' }) },
      p.apiKeys.alpha,
    );
    await waitFor(() => app.messages.length >= 3, {
      what: 'ticks on the stream',
      timeoutMs: 30_000,
      describe: p.tails,
    });
    await waitForDatabaseToCatchUp(p, 30_000);
  });

  afterAll(async () => {
    app?.close();
    await p?.stop();
  });

  const validTick = (price: number) =>
    makeEnvelope(
      'PriceTick',
      1,
      'intruder',
      priceTick({
        market: 'CCCAGG',
        base: 'BTC',
        quote: 'USD',
        price,
        ts: Date.now(),
        tradeId: 'poison-1',
        origin: 'stream',
      }),
    );

  test('on a fixed topic: the fixed-sink puts each on its DLQ with the reason, stores none, goes on', async () => {
    const poison = [
      'not json at all',
      '{"type":"PriceTick","version":1}',
      JSON.stringify(validTick(-5)),
      '[]',
    ];
    const dlqBefore = metricSum(await scrape(p.urls['fixed-sink']), 'fixed_sink_dlq_messages_total');
    await produceRaw(
      p.kafka,
      p.topics.ticks,
      poison.map((value) => ({ key: 'CCCAGG:BTC-USD', value })),
    );
    const dlq = await waitFor(
      async () => {
        const d = await readDlq(p.kafka, p.topics.dlq('fixed-sink'));
        return d.length >= poison.length && d;
      },
      {
        what: 'the poison on the fixed-sink DLQ',
        timeoutMs: 30_000,
        describe: p.tails,
      },
    );
    console.log(
      `poison: fixed-sink DLQ ${dlq.map((d) => `${d.reasonCode}: ${d.reason.slice(0, 60)}`).join(' | ')}`,
    );
    expect(dlq.map((d) => d.value).sort()).toEqual([...poison].sort());
    for (const d of dlq) {
      expect(d.sourceTopic).toBe(p.topics.ticks);
      expect(d.reason.length).toBeGreaterThan(0);
    }
    const counted =
      metricSum(await scrape(p.urls['fixed-sink']), 'fixed_sink_dlq_messages_total') - dlqBefore;
    expect(counted).toBe(poison.length);

    await waitForDatabaseToCatchUp(p, 30_000);
    const audit = await auditPlatform(p);
    expect(audit.topic.invalidOnTopic).toBe(poison.length);
    expect((await p.db.ticks()).some((t) => t.tradeId === 'poison-1')).toBe(false);
    expect(audit.ticks.missing).toEqual([]);
    expect(audit.ticks.unknown).toEqual([]);
    expect(audit.topic.notStored).toEqual([]);
  });

  test('on the request topic: garbage goes to the coordinator DLQ, a bad spec is rejected with a reason', async () => {
    const requestId = randomUUID();
    const badSpec = makeEnvelope('RequestTopic', 1, 'intruder', {
      requestId,
      appId: 'intruder',
      spec: { kind: 'all-of-it' },
    });
    await produceRaw(p.kafka, p.topics.requests, [
      { key: 'x', value: '<<garbage>> %00 DROP TABLE' },
      { key: requestId, value: JSON.stringify(badSpec) },
    ]);
    const rejection = await waitFor(
      async () =>
        (await readControlEvents(p.kafka, p.topics.events)).find(
          (e) => e.type === 'TopicRequestRejected' && e.data.requestId === requestId,
        ),
      { what: 'a rejection of the bad spec', timeoutMs: 30_000, describe: p.tails },
    );
    const reason = rejection.type === 'TopicRequestRejected' ? rejection.data.reason : undefined;
    expect(reason?.code).toBe('invalid_spec');
    const dlq = await waitFor(
      async () => {
        const d = await readDlq(p.kafka, p.topics.dlq('coordinator'));
        return d.length > 0 && d;
      },
      {
        what: 'the garbage on the coordinator DLQ',
        timeoutMs: 30_000,
      },
    );
    console.log(
      `poison: coordinator rejected ${reason?.code} (${reason?.message}); DLQ ${dlq.map((d) => `${d.reasonCode}: ${d.reason.slice(0, 60)}`).join(' | ')}`,
    );
    expect(dlq.map((d) => d.value)).toContain('<<garbage>> %00 DROP TABLE');
  });

  test('on a dynamic topic: the gateway puts it on its DLQ, the application never sees it', async () => {
    const topic = app.readies[0]?.topic ?? '';
    const before = app.messages.length;
    await produceRaw(p.kafka, topic, [
      { key: 'CCCAGG:ETH-USD', value: '{"type":"PriceTick","data":"boom"}' },
    ]);
    const dlq = await waitFor(
      async () => {
        const d = await readDlq(p.kafka, p.topics.dlq('dynamic-gateway'));
        return d.length > 0 && d;
      },
      {
        what: 'the poison on the gateway DLQ',
        timeoutMs: 30_000,
        describe: p.tails,
      },
    );
    await waitFor(() => app.messages.length > before + 3, { what: 'the stream to go on', timeoutMs: 30_000 });
    console.log(
      `poison: gateway DLQ ${dlq.map((d) => `${d.reasonCode}: ${d.reason.slice(0, 60)}`).join(' | ')}`,
    );
    expect(app.messages.every((m) => m.envelope.type === 'PriceTick' && m.envelope.data.base === 'ETH')).toBe(
      true,
    );
    expect(app.gaps).toEqual([]);
    expect(
      metricSum(await scrape(p.urls['dynamic-gateway']), 'gateway_invalid_messages_total'),
    ).toBeGreaterThanOrEqual(1);
  });

  test('after all of it, every service is the process it was at the start, and ready', async () => {
    for (const name of SERVICE_NAMES)
      expect({ name, exits: p.processes[name].exits }).toEqual({ name, exits: [] });
    await p.waitReady(SERVICE_NAMES, 30_000);
  });
});
