import { testInfra } from '@mdp/local-infra/test-env';
import { lifecycleOf, readControlEvents } from './harness/control-events';
import { getJson } from './harness/http';
import { listTopics } from './harness/kafka';
import { type Platform, startPlatform } from './harness/platform';
import { readRegistry } from './harness/registry';
import { openSseClient, type SseClient } from './harness/sse-client';
import { waitFor } from './harness/wait';

// Applications → dynamic-gateway → control.requests.v1 → coordinator → dyn.* topic ← producer.
describe('dynamic topics on demand', () => {
  let p: Platform;
  const clients: SseClient[] = [];
  let topic = '';

  beforeAll(async () => {
    const infra = testInfra();
    p = await startPlatform({
      label: 'dynamic',
      brokers: infra.kafkaBrokers.join(','),
      serverDatabaseUrl: infra.databaseUrl,
      env: { coordinator: { IDLE_RETIRE_MS: '3000' } },
    });
    console.log(`dynamic: logs in ${p.logDir}`);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await p?.stop();
  });

  const open = (spec: unknown, key: string) => {
    const client = openSseClient(p.urls['dynamic-gateway'], { spec: JSON.stringify(spec) }, key);
    clients.push(client);
    return client;
  };
  const gatewayTopics = async () =>
    (await getJson(`${p.urls['dynamic-gateway']}/v1/topics`, { authorization: `Bearer ${p.apiKeys.alpha}` }))
      .json as { topics: { topic: string; subscribers: number }[] };

  test('an application asking for a spec nobody asked for gets a new topic and matching ticks', async () => {
    expect(await listTopics(p.kafka, p.topics.dynamicPrefix)).toEqual([]);
    const alpha = open({ kind: 'ticks', symbols: ['ETH', 'BTC'], quote: 'USD' }, p.apiKeys.alpha);

    const ready = await waitFor(() => alpha.readies[0], {
      what: 'the ready event',
      timeoutMs: 30_000,
      describe: () => `errors: ${alpha.errors.join(' | ')}\n${p.tails()}`,
    });
    topic = ready.topic;
    expect(topic.startsWith(`${p.topics.dynamicPrefix}ticks.`)).toBe(true);
    expect(await listTopics(p.kafka, p.topics.dynamicPrefix)).toEqual([topic]);

    await waitFor(() => alpha.messages.length >= 10, {
      what: '10 ticks on the stream',
      timeoutMs: 30_000,
      describe: () => `got ${alpha.messages.length}, errors: ${alpha.errors.join(' | ')}\n${p.tails()}`,
    });
    const pairs = new Set(
      alpha.messages.map((m) => `${m.envelope.data.market}:${m.envelope.data.base}-${m.envelope.data.quote}`),
    );
    expect(alpha.messages.every((m) => m.envelope.type === 'PriceTick')).toBe(true);
    expect([...pairs].sort()).toEqual(['CCCAGG:BTC-USD', 'CCCAGG:ETH-USD']);
    console.log(`dynamic: alpha got ${alpha.messages.length} ticks on ${topic} (${[...pairs].join(', ')})`);
  });

  test('a second application asking for the same stream (spelled differently) shares the topic', async () => {
    const beta = open(
      { kind: 'ticks', symbols: ['btc', 'eth', 'ETH'], quote: 'usd', market: 'cccagg' },
      p.apiKeys.beta,
    );
    const ready = await waitFor(() => beta.readies[0], {
      what: "beta's ready event",
      timeoutMs: 30_000,
      describe: () => `errors: ${beta.errors.join(' | ')}\n${p.tails()}`,
    });
    expect(ready.topic).toBe(topic);
    expect(await listTopics(p.kafka, p.topics.dynamicPrefix)).toEqual([topic]);
    await waitFor(() => beta.messages.length >= 5, {
      what: 'ticks for beta',
      timeoutMs: 30_000,
      describe: p.tails,
    });
    const listed = await waitFor(
      async () => {
        const t = (await gatewayTopics()).topics.find((x) => x.topic === topic);
        return t?.subscribers === 2 && t;
      },
      { what: 'the gateway to count two subscribers', timeoutMs: 10_000 },
    );
    expect(listed.subscribers).toBe(2);
    // Both read the same topic: the messages they both received are the same messages.
    const alphaIds = new Set(clients[0]?.messages.map((m) => m.envelope.id));
    expect(beta.messages.some((m) => alphaIds.has(m.envelope.id))).toBe(true);
  });

  test('when both applications leave, the topic is retired after the idle time', async () => {
    const leftAt = Date.now();
    for (const c of clients) c.close();
    await waitFor(async () => !(await listTopics(p.kafka, p.topics.dynamicPrefix)).includes(topic), {
      what: `${topic} to be deleted`,
      timeoutMs: 45_000,
      describe: p.tails,
    });
    const retiredAfterMs = Date.now() - leftAt;
    const registry = await readRegistry(p.kafka, p.topics.registry);
    expect(registry.has(topic)).toBe(false);
    const events = await readControlEvents(p.kafka, p.topics.events);
    const lifecycle = lifecycleOf(events, topic);
    console.log(
      `dynamic: retired ${retiredAfterMs} ms after the last application left; events ${lifecycle.join(' → ')}`,
    );
    expect(lifecycle).toEqual(
      expect.arrayContaining([
        'TopicActivated',
        'PublishStarted',
        'TopicRetiring',
        'PublishStopped',
        'TopicRetired',
      ]),
    );
    const at = (type: string) => {
      const event = events.find((e) => e.type === type && 'topic' in e.data && e.data.topic === topic);
      return event ? Date.parse(event.at) : Number.NaN;
    };
    const retiring = events.find((e) => e.type === 'TopicRetiring' && e.data.topic === topic);
    expect(retiring?.type === 'TopicRetiring' && retiring.data.reason).toBe('idle');
    // Not before the idle time (IDLE_RETIRE_MS=3000, counted from the last heartbeat that still had
    // subscribers: up to one 500 ms interval before they left), deleted after the 1 s grace.
    expect(at('TopicRetiring') - leftAt).toBeGreaterThanOrEqual(2_500);
    expect(at('TopicRetired') - at('TopicRetiring')).toBeGreaterThanOrEqual(1_000);
  });
});
