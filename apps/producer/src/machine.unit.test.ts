import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { PriceTick } from '@mdp/contracts/market-data';
import { type Actor, createActor, fromPromise, SimulatedClock } from 'xstate';
import { producerMachine, retryDelayMs } from './machine';
import type { Batch, ProducerContext, ProducerInput } from './machine-types';

const tick: PriceTick = {
  market: 'CCCAGG',
  base: 'BTC',
  quote: 'USD',
  price: 1,
  ts: 1_700_000_000_000,
  tradeId: '1',
  lastVolume: null,
  lastVolumeTo: null,
  volumeDay: null,
  volumeDayTo: null,
  volume24h: null,
  volume24hTo: null,
  openDay: null,
  highDay: null,
  lowDay: null,
  open24h: null,
  high24h: null,
  low24h: null,
  bid: null,
  ask: null,
  median: null,
  flags: null,
  origin: 'rest',
};
const batch: Batch = { ticks: [tick], candles: [], dynamic: [] };
const withDynamic: Batch = {
  ...batch,
  dynamic: [{ topic: 'dyn.ticks.x.0123456789abcdef', kind: 'ticks', value: tick }],
};
const spec: DynamicTopicSpec = {
  kind: 'ticks',
  symbols: ['BTC'],
  quote: 'USD',
  market: 'CCCAGG',
  samplingMs: 0,
};
const never = () => new Promise<never>(() => undefined);

type Options = {
  input?: Partial<ProducerInput>;
  publishFixed?: (batch: Batch) => Promise<void>;
  drain?: () => Promise<void>;
};

function start(opts: Options = {}) {
  const clock = new SimulatedClock();
  const published: Batch[] = [];
  const machine = producerMachine.provide({
    actors: {
      fetchData: fromPromise<Batch>(never),
      publishFixed: fromPromise<void, { batch: Batch }>(({ input }) => {
        published.push(input.batch);
        return opts.publishFixed ? opts.publishFixed(input.batch) : never();
      }),
      publishDynamic: fromPromise<void, { batch: Batch }>(never),
      createTopic: fromPromise<void, { spec: DynamicTopicSpec; topic: string }>(never),
      drain: fromPromise<void, { unpublished: number }>(() =>
        opts.drain ? opts.drain() : Promise.resolve(),
      ),
    },
  });
  const actor: Actor<typeof machine> = createActor(machine, {
    clock,
    input: {
      topicSpecs: [],
      namespace: 't-machine',
      retry: { baseMs: 100, maxMs: 1_000, maxConsecutiveFailures: 0 },
      ...opts.input,
    },
  });
  actor.subscribe({
    error: (e) => {
      throw e;
    },
  });
  actor.start();
  const state = () => actor.getSnapshot().value;
  return { actor, clock, state, published };
}

const failure = { kind: 'timeout', message: 'request timed out', retryAfterMs: 0 };

describe('producer machine: the seed transitions', () => {
  it('idle -> fetchingData on FETCH_DATA; fetchingData -> publishingFixed on DATA_READY', () => {
    const { actor, state } = start();
    expect(state()).toBe('idle');
    actor.send({ type: 'FETCH_DATA' });
    expect(state()).toBe('fetchingData');
    actor.send({ type: 'DATA_READY', data: batch });
    expect(state()).toBe('publishingFixed');
    expect(actor.getSnapshot().context.currentData).toBe(batch);
  });

  it('fetchingData -> error on FETCH_FAILURE', () => {
    const { actor, state } = start({
      input: { retry: { baseMs: 100, maxMs: 1000, maxConsecutiveFailures: 1 } },
    });
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'FETCH_FAILURE', error: failure });
    expect(state()).toBe('error');
    expect(actor.getSnapshot().context.errorInfo).toEqual({ step: 'fetch', ...failure });
  });

  it('publishingFixed -> idle on PUBLISH_SUCCESS, -> error on PUBLISH_FAILURE', () => {
    const a = start();
    a.actor.send({ type: 'FETCH_DATA' });
    a.actor.send({ type: 'DATA_READY', data: batch });
    a.actor.send({ type: 'PUBLISH_SUCCESS' });
    expect(a.state()).toBe('idle');
    expect(a.actor.getSnapshot().context.currentData).toBeNull();

    const b = start({ input: { retry: { baseMs: 100, maxMs: 1000, maxConsecutiveFailures: 1 } } });
    b.actor.send({ type: 'FETCH_DATA' });
    b.actor.send({ type: 'DATA_READY', data: batch });
    b.actor.send({ type: 'PUBLISH_FAILURE', error: failure });
    expect(b.state()).toBe('error');
    expect(b.actor.getSnapshot().context.errorInfo?.step).toBe('publishFixed');
  });

  it('publishingFixed -> publishingDynamic when the batch has dynamic deliveries; then -> idle or -> error', () => {
    const a = start();
    a.actor.send({ type: 'FETCH_DATA' });
    a.actor.send({ type: 'DATA_READY', data: withDynamic });
    a.actor.send({ type: 'PUBLISH_SUCCESS' });
    expect(a.state()).toBe('publishingDynamic');
    a.actor.send({ type: 'PUBLISH_SUCCESS' });
    expect(a.state()).toBe('idle');

    const b = start({ input: { retry: { baseMs: 100, maxMs: 1000, maxConsecutiveFailures: 1 } } });
    b.actor.send({ type: 'FETCH_DATA' });
    b.actor.send({ type: 'DATA_READY', data: withDynamic });
    b.actor.send({ type: 'PUBLISH_SUCCESS' });
    b.actor.send({ type: 'PUBLISH_FAILURE', error: failure });
    expect(b.state()).toBe('error');
    expect(b.actor.getSnapshot().context.errorInfo?.step).toBe('publishDynamic');
  });

  it('idle -> creatingTopic on CREATE_TOPIC; -> idle on CREATE_TOPIC_SUCCESS; -> error on CREATE_TOPIC_FAILURE', () => {
    const a = start();
    a.actor.send({ type: 'CREATE_TOPIC', spec });
    expect(a.state()).toBe('creatingTopic');
    expect(a.actor.getSnapshot().context.newTopicName).toMatch(/^t-machine\.dyn\.ticks\./);
    a.actor.send({ type: 'CREATE_TOPIC_SUCCESS' });
    expect(a.state()).toBe('idle');
    expect(a.actor.getSnapshot().context.pendingTopicSpecs).toEqual([]);

    const b = start({ input: { retry: { baseMs: 100, maxMs: 1000, maxConsecutiveFailures: 1 } } });
    b.actor.send({ type: 'CREATE_TOPIC', spec });
    b.actor.send({ type: 'CREATE_TOPIC_FAILURE', error: failure });
    expect(b.state()).toBe('error');
  });

  it('the dotted FETCH_DATA edges: a fetch asked for while publishing starts right after the publish', () => {
    const a = start();
    a.actor.send({ type: 'FETCH_DATA' });
    a.actor.send({ type: 'DATA_READY', data: batch });
    a.actor.send({ type: 'FETCH_DATA' });
    expect(a.state()).toBe('publishingFixed');
    a.actor.send({ type: 'PUBLISH_SUCCESS' });
    expect(a.state()).toBe('fetchingData');

    const b = start();
    b.actor.send({ type: 'FETCH_DATA' });
    b.actor.send({ type: 'DATA_READY', data: withDynamic });
    b.actor.send({ type: 'PUBLISH_SUCCESS' });
    b.actor.send({ type: 'FETCH_DATA' });
    b.actor.send({ type: 'PUBLISH_SUCCESS' });
    expect(b.state()).toBe('fetchingData');
  });

  it('PUBLISH_FIXED and PUBLISH_DYNAMIC from idle resume a batch that is not out yet (after RESET)', () => {
    const a = start({ input: { retry: { baseMs: 100, maxMs: 1000, maxConsecutiveFailures: 1 } } });
    a.actor.send({ type: 'FETCH_DATA' });
    a.actor.send({ type: 'DATA_READY', data: withDynamic });
    a.actor.send({ type: 'PUBLISH_FAILURE', error: failure });
    a.actor.send({ type: 'RESET' });
    expect(a.state()).toBe('publishingFixed'); // idle raised PUBLISH_FIXED for the unpublished batch
    expect(a.published).toHaveLength(2);
    expect(a.published[1]).toBe(withDynamic);
    a.actor.send({ type: 'PUBLISH_SUCCESS' });
    a.actor.send({ type: 'PUBLISH_FAILURE', error: failure });
    a.actor.send({ type: 'RESET' });
    expect(a.state()).toBe('publishingDynamic'); // idle raised PUBLISH_DYNAMIC
  });

  it('an empty batch completes the cycle without publishing', () => {
    const { actor, state, published } = start();
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'DATA_READY', data: { ticks: [], candles: [], dynamic: [] } });
    expect(state()).toBe('idle');
    expect(published).toHaveLength(0);
  });

  it('RESET leaves error for idle and clears the failure', () => {
    const { actor, state } = start({
      input: { retry: { baseMs: 100, maxMs: 1000, maxConsecutiveFailures: 1 } },
    });
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'FETCH_FAILURE', error: failure });
    actor.send({ type: 'RESET' });
    expect(state()).toBe('idle');
    expect(actor.getSnapshot().context).toMatchObject({ attempt: 0, errorInfo: null });
  });

  it('specs from config are requested at start (creatingTopic) before anything else', () => {
    const { actor, state } = start({ input: { topicSpecs: [spec] } });
    expect(state()).toBe('creatingTopic');
    actor.send({ type: 'CREATE_TOPIC_SUCCESS' });
    expect(state()).toBe('idle');
  });
});

describe('producer machine: invoked actors report with the seed events', () => {
  it('a full cycle runs from the actors alone', async () => {
    const clock = new SimulatedClock();
    const machine = producerMachine.provide({
      actors: {
        fetchData: fromPromise<Batch>(async () => withDynamic),
        publishFixed: fromPromise<void, { batch: Batch }>(async () => undefined),
        publishDynamic: fromPromise<void, { batch: Batch }>(async () => undefined),
      },
    });
    const actor = createActor(machine, {
      clock,
      input: {
        topicSpecs: [],
        namespace: '',
        retry: { baseMs: 100, maxMs: 1000, maxConsecutiveFailures: 0 },
      },
    });
    const seen: string[] = [];
    actor.subscribe({
      next: (s) => seen.push(String(s.value)),
      error: (e) => {
        throw e;
      },
    });
    actor.start();
    actor.send({ type: 'FETCH_DATA' });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['idle', 'fetchingData', 'publishingFixed', 'publishingDynamic', 'idle']);
  });
});

describe('producer machine: retry with capped, jittered backoff', () => {
  afterEach(() => jest.restoreAllMocks());

  it('error -> backingOff -> idle after the retry delay; the failed batch is published again', () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    const { actor, clock, state, published } = start();
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'DATA_READY', data: batch });
    actor.send({ type: 'PUBLISH_FAILURE', error: failure });
    expect(state()).toBe('backingOff');
    clock.increment(99);
    expect(state()).toBe('backingOff');
    clock.increment(1);
    expect(state()).toBe('publishingFixed');
    expect(published).toEqual([batch, batch]);
  });

  it('delays grow per consecutive failure and stop at the cap; a success resets them', () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    const { actor, clock, state } = start();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      actor.send({ type: 'FETCH_DATA' });
      actor.send({ type: 'FETCH_FAILURE', error: failure });
      let waited = 0;
      while (state() === 'backingOff') {
        clock.increment(1);
        waited++;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([100, 200, 400, 800, 1000, 1000]);
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'DATA_READY', data: { ticks: [], candles: [], dynamic: [] } });
    expect(actor.getSnapshot().context.attempt).toBe(0);
  });

  it('jitter keeps each delay between half the step and the step', () => {
    const context = {
      attempt: 3,
      retry: { baseMs: 100, maxMs: 1000, maxConsecutiveFailures: 0 },
      errorInfo: null,
    } as unknown as ProducerContext;
    expect(retryDelayMs(context, () => 0)).toBe(200);
    expect(retryDelayMs(context, () => 0.5)).toBe(300);
    expect(retryDelayMs(context, () => 0.999999)).toBe(400);
  });

  it('a rate limit waits at least as long as the API said', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const { actor, clock, state } = start();
    actor.send({ type: 'FETCH_DATA' });
    actor.send({
      type: 'FETCH_FAILURE',
      error: { kind: 'rate_limited', message: 'Type 99', retryAfterMs: 5_000 },
    });
    clock.increment(4_999);
    expect(state()).toBe('backingOff');
    clock.increment(1);
    expect(state()).toBe('idle');
  });

  it('gives up after the configured consecutive failures and waits in error for RESET', () => {
    const { actor, clock, state } = start({
      input: { retry: { baseMs: 10, maxMs: 10, maxConsecutiveFailures: 2 } },
    });
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'FETCH_FAILURE', error: failure });
    expect(state()).toBe('backingOff');
    clock.increment(10);
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'FETCH_FAILURE', error: failure });
    expect(state()).toBe('error');
    clock.increment(60_000);
    expect(state()).toBe('error');
    actor.send({ type: 'RESET' });
    expect(state()).toBe('idle');
  });

  it('RESET during backingOff retries at once', () => {
    const { actor, state } = start();
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'FETCH_FAILURE', error: failure });
    actor.send({ type: 'RESET' });
    expect(state()).toBe('idle');
  });
});

describe('producer machine: stopping drains', () => {
  it('STOP while publishing lets the batch go out, then drains and stops', async () => {
    const { actor, state } = start();
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'DATA_READY', data: batch });
    actor.send({ type: 'STOP' });
    expect(state()).toBe('publishingFixed');
    actor.send({ type: 'PUBLISH_SUCCESS' });
    await new Promise((r) => setTimeout(r, 0));
    expect(state()).toBe('stopped');
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('STOP during backingOff or in idle stops without waiting', async () => {
    const a = start();
    a.actor.send({ type: 'FETCH_DATA' });
    a.actor.send({ type: 'FETCH_FAILURE', error: failure });
    a.actor.send({ type: 'STOP' });
    await new Promise((r) => setTimeout(r, 0));
    expect(a.state()).toBe('stopped');
    const b = start();
    b.actor.send({ type: 'STOP' });
    await new Promise((r) => setTimeout(r, 0));
    expect(b.state()).toBe('stopped');
  });

  it('a failed publish while stopping is reported to drain as unpublished', async () => {
    const drained: number[] = [];
    const clock = new SimulatedClock();
    const machine = producerMachine.provide({
      actors: {
        fetchData: fromPromise<Batch>(never),
        publishFixed: fromPromise<void, { batch: Batch }>(never),
        drain: fromPromise<void, { unpublished: number }>(async ({ input }) => {
          drained.push(input.unpublished);
        }),
      },
    });
    const actor = createActor(machine, {
      clock,
      input: { topicSpecs: [], namespace: '', retry: { baseMs: 1, maxMs: 1, maxConsecutiveFailures: 0 } },
    });
    actor.start();
    actor.send({ type: 'FETCH_DATA' });
    actor.send({ type: 'DATA_READY', data: batch });
    actor.send({ type: 'STOP' });
    actor.send({ type: 'PUBLISH_FAILURE', error: failure });
    await new Promise((r) => setTimeout(r, 0));
    expect(actor.getSnapshot().value).toBe('stopped');
    expect(drained).toEqual([1]);
  });
});
