import { type Actor, createActor, fromPromise, SimulatedClock } from 'xstate';
import { type CoordinatorEmitted, coordinatorMachine } from '../machine';
import type { AnswerTask, CreateTask, RetireTask } from '../tasks';

type ActorName =
  | 'reconcile'
  | 'createTopic'
  | 'notifyProducer'
  | 'notifyConsumer'
  | 'answerRequests'
  | 'retireTopic'
  | 'maintain';

type Call = {
  input: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal;
};

/** Runs the machine with a simulated clock and actors whose promises the test settles by hand. */
export function machineHarness(opts: { baseMs?: number; maxMs?: number; maxAttempts?: number } = {}) {
  const calls = new Map<ActorName, Call[]>();
  const controlled = <O, I>(name: ActorName) =>
    fromPromise<O, I>(
      ({ input, signal }) =>
        new Promise<O>((resolve, reject) => {
          const list = calls.get(name) ?? [];
          list.push({ input, resolve: resolve as (v: unknown) => void, reject, signal });
          calls.set(name, list);
        }),
    );
  const machine = coordinatorMachine.provide({
    actors: {
      reconcile: controlled('reconcile'),
      createTopic: controlled('createTopic'),
      notifyProducer: controlled('notifyProducer'),
      notifyConsumer: controlled('notifyConsumer'),
      answerRequests: controlled('answerRequests'),
      retireTopic: controlled('retireTopic'),
      maintain: controlled('maintain'),
    },
  });
  const clock = new SimulatedClock();
  const actor = createActor(machine, {
    clock,
    input: {
      retry: { baseMs: opts.baseMs ?? 100, maxMs: opts.maxMs ?? 1_000, maxAttempts: opts.maxAttempts ?? 0 },
      random: () => 0,
    },
  });
  const emitted: CoordinatorEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  const errors: unknown[] = [];
  actor.subscribe({ error: (e) => errors.push(e) });
  actor.start();

  const last = (name: ActorName): Call => {
    const call = calls.get(name)?.at(-1);
    if (!call) throw new Error(`${name} was not invoked`);
    return call;
  };
  return {
    actor,
    clock,
    emitted,
    errors,
    calls: (name: ActorName) => calls.get(name)?.length ?? 0,
    last,
    /** Settles the latest invocation of an actor and lets the machine react. */
    async resolve(name: ActorName, value?: unknown) {
      last(name).resolve(value);
      await flush();
    },
    async reject(name: ActorName, message = 'boom') {
      last(name).reject(new Error(message));
      await flush();
    },
    state: () => actor.getSnapshot().value,
    async toActive() {
      actor.send({ type: 'PARTITION_ASSIGNED' });
      await this.resolve('reconcile', { completed: 0, recreated: 0, failed: 0, deleted: 0, finished: 0 });
    },
  };
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

export type Harness = ReturnType<typeof machineHarness>;
export type AnyActor = Actor<typeof coordinatorMachine>;

export const createTask = (taskId = 't1'): CreateTask => ({
  kind: 'create',
  taskId,
  requestId: `r-${taskId}`,
  appId: 'app',
  topic: 'dyn.ticks.usd-cccagg-btc.0123456789abcdef',
  spec: { kind: 'ticks', symbols: ['BTC'], quote: 'USD', market: 'CCCAGG', samplingMs: 0 },
  requestedAt: 0,
});

export const answerTask = (taskId = 'a1'): AnswerTask => ({ kind: 'answer', taskId, answers: [] });

export const retireTask = (taskId = 'x1'): RetireTask => ({
  kind: 'retire',
  taskId,
  requestId: null,
  appId: null,
  topic: 'dyn.ticks.usd-cccagg-btc.0123456789abcdef',
  reason: 'admin',
});
