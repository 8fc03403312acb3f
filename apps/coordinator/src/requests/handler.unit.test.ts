import { makeEnvelope } from '@mdp/contracts/envelope';
import type { BatchContext, ConsumedMessage } from '@mdp/runtime/batch-handler';
import { createLogger } from '@mdp/runtime/logger';
import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { createActor, fromPromise } from 'xstate';
import { loadConfig } from '../config';
import { coordinatorMachine } from '../machine';
import { createMachineDriver } from '../machine-driver';
import { createCoordinatorMetrics } from '../metrics';
import type { AnswerTask, CreatedTopic, CreateTask, RecordData, RetireTask } from '../tasks';
import { testRecord } from '../testing/records';
import { createRequestHandler, RecentIds } from './handler';
import { type ParsedRequest, parseRequest } from './policy';

const config = loadConfig({ KAFKA_BROKERS: 'x:1', QUOTA_MAX_TOPICS_PER_APP: '5' });
const logger = createLogger({ service: 'test', level: 'silent' });

/** The real machine and handler over an in-memory registry; the steps record what they were asked. */
function setup(opts: { failCreate?: boolean; assigned?: boolean } = {}) {
  const records = new Map<string, RecordData>();
  const calls: Array<{ step: string; input: unknown }> = [];
  const machine = coordinatorMachine.provide({
    actors: {
      reconcile: fromPromise(async () => ({
        completed: 0,
        recreated: 0,
        failed: 0,
        deleted: 0,
        finished: 0,
      })),
      createTopic: fromPromise<{ topic: string; partitions: number; created: boolean }, CreateTask>(
        async ({ input }) => {
          calls.push({ step: 'create', input });
          if (opts.failCreate) throw new Error('broker says no');
          records.set(
            input.topic,
            testRecord({
              topic: input.topic,
              spec: input.spec,
              status: 'creating',
              requestedBy: [input.appId ?? ''],
            }),
          );
          return { topic: input.topic, partitions: 3, created: true };
        },
      ),
      notifyProducer: fromPromise<void, { task: CreateTask; created: CreatedTopic }>(async ({ input }) => {
        const r = records.get(input.task.topic);
        if (r) records.set(r.topic, { ...r, status: 'active' });
      }),
      notifyConsumer: fromPromise<void, { task: CreateTask; created: CreatedTopic }>(async () => {}),
      answerRequests: fromPromise<void, AnswerTask>(async ({ input }) => {
        calls.push({ step: 'answer', input: input.answers.map((a) => `${a.kind}:${a.requestId}`) });
      }),
      retireTopic: fromPromise<void, RetireTask>(async ({ input }) => {
        calls.push({ step: 'retire', input: input.topic });
      }),
      maintain: fromPromise(async () => ({ retiring: 0, deleted: 0, failed: 0 })),
    },
  });
  const registry = createMetricsRegistry('test', { defaultMetrics: false });
  const metrics = createCoordinatorMetrics(registry, () => records.values());
  const actor = createActor(machine, { input: { retry: { baseMs: 1, maxMs: 5, maxAttempts: 0 } } });
  const driver = createMachineDriver(actor, metrics, logger);
  actor.start();
  if (opts.assigned !== false) actor.send({ type: 'PARTITION_ASSIGNED' });
  const handle = createRequestHandler({
    driver,
    registry: { get: (t) => records.get(t), values: () => records.values() },
    config,
    metrics,
    logger,
    now: Date.now,
    answered: new RecentIds(),
  });
  let paused = 0;
  const ctx = {
    isRunning: () => true,
    isStale: () => false,
    pause: () => {
      paused++;
      return () => {};
    },
  } as unknown as BatchContext;
  return { records, calls, handle, ctx, actor, registry, paused: () => paused };
}

function messages(...values: unknown[]): ConsumedMessage<ParsedRequest>[] {
  return values.map((v) => {
    const parsed = parseRequest(Buffer.from(JSON.stringify(v)));
    if (!parsed.ok) throw new Error(parsed.error.message);
    return { value: parsed.value } as ConsumedMessage<ParsedRequest>;
  });
}
const request = (requestId: string, spec: unknown, appId = 'app') =>
  makeEnvelope('RequestTopic', 1, 'dynamic-gateway', { requestId, appId, spec });
const btc = { kind: 'ticks', symbols: ['BTC'], quote: 'USD' };

describe('request handler', () => {
  it('answers runs of requests together and gives each creation a task of its own, in order', async () => {
    const s = setup();
    const outcome = await s.handle(
      messages(
        request('bad1', { kind: 'nope' }),
        request('bad2', { kind: 'ticks' }),
        request('new1', btc, 'a1'),
        request('same1', { ...btc, symbols: ['btc'] }, 'a2'),
        request('bad1', { kind: 'nope' }),
        request('new2', { ...btc, quote: 'EUR' }),
      ),
      s.ctx,
    );
    expect(outcome).toBeUndefined();
    expect(s.calls.map((c) => c.step)).toEqual(['answer', 'create', 'answer', 'create']);
    expect(s.calls[0]?.input).toEqual(['reject:bad1', 'reject:bad2']);
    // decided after the creation: the same spec is now an active topic, the replayed id is ignored
    expect(s.calls[2]?.input).toEqual(['existing:same1']);
    const text = await s.registry.metrics();
    expect(text).toContain(
      'coordinator_requests_total{type="RequestTopic",outcome="created",service="test"} 2',
    );
    expect(text).toContain(
      'coordinator_requests_total{type="RequestTopic",outcome="ignored_duplicate",service="test"} 1',
    );
    expect(text).toContain('coordinator_rejections_total{code="invalid_spec",service="test"} 2');
  });

  it('ignores a request id answered in an earlier batch', async () => {
    const s = setup();
    await s.handle(messages(request('r1', btc)), s.ctx);
    await s.handle(messages(request('r1', btc)), s.ctx);
    expect(s.calls.map((c) => c.step)).toEqual(['create']);
  });

  it('hands retirements to the machine', async () => {
    const s = setup();
    s.records.set('dyn.ticks.x.0123456789abcdef', testRecord({ topic: 'dyn.ticks.x.0123456789abcdef' }));
    const retire = makeEnvelope('RetireTopic', 1, 'coordinator', {
      requestId: 'q',
      appId: 'ops',
      topic: 'dyn.ticks.x.0123456789abcdef',
      reason: 'done',
    });
    await s.handle(messages(retire), s.ctx);
    expect(s.calls).toEqual([{ step: 'retire', input: 'dyn.ticks.x.0123456789abcdef' }]);
  });

  it('asks for a replay (nothing committed) when this coordinator is not the active one', async () => {
    const s = setup({ assigned: false });
    expect(await s.handle(messages(request('r1', btc)), s.ctx)).toBe('retry');
    expect(s.paused()).toBe(1);
    expect(s.calls).toEqual([]);
  });

  it('answers topic_failed when an operator RESET abandons a failing creation', async () => {
    const s = setup({ failCreate: true });
    const done = s.handle(messages(request('doomed', btc)), s.ctx);
    while (s.calls.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    s.actor.send({ type: 'RESET' });
    expect(await done).toBeUndefined();
    expect(s.calls.at(-1)).toEqual({ step: 'answer', input: ['reject:doomed'] });
    expect(await s.registry.metrics()).toContain(
      'coordinator_requests_total{type="RequestTopic",outcome="abandoned",service="test"} 1',
    );
  });
});
