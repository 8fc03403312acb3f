import { SERVICE_NAMES } from '@mdp/e2e/harness/repo-paths';
import { waitFor } from '@mdp/e2e/harness/wait';
import { type FuzzSession, startFuzzSession } from './fuzz-session';
import { NEAR_LIMIT_VALUE_BYTES, nearLimitRecord, type TopicFamily } from './generators/kafka-records';
import { createRandom } from './random';
import { isBadHttpAnswer, runHttpFuzz } from './runners/http-fuzz';
import { sendHostileRecords, sendRecord } from './runners/kafka-fuzz';
import { runWsFuzz, wsUnanswered } from './runners/ws-fuzz';
import { fuzzScale } from './scale';

// Hostile input of every kind against the running platform (five processes, real broker and
// database): every input must get its answer, no service may die or outgrow its memory cap, and
// well-behaved applications on the same gateway must get every message. MDP_FUZZ_SCALE=full for
// the full size (`npm run fuzz`); the figures are printed at the end.
const scale = fuzzScale(process.env);
const SPEC = { kind: 'ticks', symbols: ['BTC', 'ETH'], quote: 'USD' };
const MAX_FRAME_BYTES = 16_384;
const MAX_BODY_BYTES = 65_536;

describe(`fuzz (${scale.name}): hostile input against the running platform`, () => {
  let session: FuzzSession;
  const random = createRandom(scale.seed);

  beforeAll(async () => {
    session = await startFuzzSession(scale, SPEC);
  });

  afterAll(async () => {
    await session?.finish();
  });

  test('HTTP: every hostile request gets a status below 500, and every 4xx its error code', async () => {
    const { p, figures, timed, reviveDead } = session;
    const port = Number(new URL(p.urls['dynamic-gateway']).port);
    const result = await timed('http', () =>
      runHttpFuzz({
        gatewayPort: port,
        target: { apiKey: p.apiKeys.alpha, validSpec: SPEC, maxBodyBytes: MAX_BODY_BYTES },
        random: random.fork('http'),
        requests: scale.httpRequests,
        slowSenders: scale.slowSenders,
        timeoutMs: scale.phaseTimeoutMs,
        skip: scale.skip,
      }),
    );
    figures.sent.push({
      what: 'HTTP requests',
      count: result.sent,
      detail: `${scale.slowSenders} slow senders among them`,
    });
    figures.answers.push({ section: 'HTTP', tally: result.tally });
    await reviveDead('the HTTP fuzz');
    const bad = result.tally.rows().filter((r) => isBadHttpAnswer(r.answer));
    expect(bad).toEqual([]);
    expect(result.sent).toBeGreaterThanOrEqual(scale.httpRequests);
  });

  test('WebSocket: every hostile frame gets an answer frame or a close code', async () => {
    const { p, figures, timed, reviveDead } = session;
    const port = Number(new URL(p.urls['dynamic-gateway']).port);
    const result = await timed('websocket', () =>
      runWsFuzz({
        gatewayPort: port,
        apiKey: p.apiKeys.beta,
        random: random.fork('ws'),
        limits: { maxFrameBytes: MAX_FRAME_BYTES, floodFrames: scale.floodFrames },
        frames: scale.wsFrames,
        timeoutMs: scale.phaseTimeoutMs,
        skip: scale.skip,
      }),
    );
    figures.sent.push({
      what: 'WebSocket frames',
      count: result.sent,
      detail: `${result.connections} connections, ${result.refusedUpgrades} upgrades refused`,
    });
    figures.answers.push({ section: 'WebSocket', tally: result.tally });
    await reviveDead('the WebSocket fuzz');
    const unanswered = result.tally
      .rows()
      .filter((r) => r.answer === 'no answer' || r.answer === 'close 1006');
    expect(unanswered).toEqual([]);
    expect(wsUnanswered(result)).toBe(0);
    expect(result.sent).toBeGreaterThanOrEqual(scale.wsFrames);
  });

  const families: [TopicFamily, (s: FuzzSession) => string][] = [
    ['market-ticks', (s) => s.p.topics.ticks],
    ['market-candles', (s) => s.p.topics.candles1m],
    ['dyn-ticks', (s) => s.clients.topic],
    ['requests', (s) => s.p.topics.requests],
    ['registry', (s) => s.p.topics.registry],
    ['events', (s) => s.p.topics.events],
  ];

  test.each(families)(
    'Kafka %s: every hostile record is answered (DLQ with a reason, a rejection, or counted)',
    async (family, topicOf) => {
      const { p, figures, timed, reviveDead, kafka } = session;
      const topic = topicOf(session);
      const countersBefore = await kafka.counters(family, topic);
      const sent = await timed(`kafka ${family}`, () =>
        sendHostileRecords(p.kafka, family, topic, scale.kafkaRecordsPerTopic, random.fork(family), {
          maxJsonBytes: 64_000,
          hugeShare: scale.hugeRecordShare,
          at: new Date().toISOString(),
        }),
      );
      figures.sent.push({
        what: `Kafka records on ${family}`,
        count: sent.ids.length,
        detail: [...sent.byShape].map(([s, n]) => `${s} ${n}`).join(', '),
      });
      const missing = await timed(`kafka ${family} answers`, () =>
        kafka.answersFor(family, topic, sent.ids, countersBefore),
      );
      await reviveDead(`the Kafka fuzz on ${family}`);
      expect(missing).toEqual([]);
    },
  );

  test('afterwards: every service is the process it was, ready, under its memory cap; good clients got every message', async () => {
    const { p, clients, figures } = session;
    await waitFor(() => clients.sse.messages.length > 0, {
      what: 'the SSE client to still flow',
      timeoutMs: 10_000,
    });
    const audit = await clients.audit();
    const note = (a: typeof audit.sse) =>
      `duplicates ${a.duplicates}, unexpected ${a.unexpected}, gaps ${a.gaps}`;
    figures.clients.push({
      client: 'SSE (app-alpha)',
      expected: audit.sse.expected,
      received: audit.sse.received,
      missing: audit.sse.missing,
      note: note(audit.sse),
    });
    figures.clients.push({
      client: 'WebSocket (app-beta)',
      expected: audit.ws.expected,
      received: audit.ws.received,
      missing: audit.ws.missing,
      note: `${note(audit.ws)}, closed ${JSON.stringify(audit.wsClosed)}`,
    });
    session.stopRss();
    const overCap = [...figures.rss]
      .filter(([, r]) => r.max > scale.rssCapMb)
      .map(([name, r]) => `${name} ${r.max} MiB`);
    for (const name of SERVICE_NAMES)
      expect({ name, exits: p.processes[name].exits }).toEqual({ name, exits: [] });
    await p.waitReady(SERVICE_NAMES, 30_000);
    expect(overCap).toEqual([]);
    expect({
      missing: audit.sse.missing,
      duplicates: audit.sse.duplicates,
      unexpected: audit.sse.unexpected,
    }).toEqual({ missing: 0, duplicates: 0, unexpected: 0 });
    expect({
      missing: audit.ws.missing,
      duplicates: audit.ws.duplicates,
      unexpected: audit.ws.unexpected,
      closed: audit.wsClosed,
      errors: audit.wsErrors,
    }).toEqual({ missing: 0, duplicates: 0, unexpected: 0, closed: undefined, errors: 0 });
    expect(audit.sse.expected).toBeGreaterThan(0);
  });

  // Last, so that a consumer stuck on one of these cannot hide the findings above.
  test.each(families.filter(([f]) => ['market-ticks', 'dyn-ticks', 'requests'].includes(f)))(
    'Kafka %s: a record near the broker size limit is answered too, and the consumer goes on',
    async (family, topicOf) => {
      const { p, figures, timed, reviveDead, kafka } = session;
      const topic = topicOf(session);
      const id = `${family}-near-limit`;
      await sendRecord(p.kafka, topic, nearLimitRecord(id));
      figures.sent.push({
        what: `Kafka record near the size limit on ${family}`,
        count: 1,
        detail: `${NEAR_LIMIT_VALUE_BYTES} bytes`,
      });
      const missing = await timed(`kafka ${family} near-limit answer`, () =>
        kafka.answersFor(family, topic, [id], {}, 30_000),
      );
      const after = await sendHostileRecords(
        p.kafka,
        family,
        topic,
        5,
        random.fork(`${family}-after`),
        { maxJsonBytes: 1_000, hugeShare: 0, at: new Date().toISOString() },
        `${family}-after-near-limit`,
      );
      // Behind an unanswered record, its partition is likely stuck: a short look is enough to tell.
      const stuckAfter = await kafka.answersFor(
        family,
        topic,
        after.ids,
        {},
        missing.length > 0 ? 10_000 : 20_000,
      );
      await reviveDead(`the near-limit record on ${family}`);
      expect({ missing, stuckAfter }).toEqual({ missing: [], stuckAfter: [] });
    },
  );
});
