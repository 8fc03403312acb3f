import { getShortestPaths } from 'xstate/graph';
import { type CoordinatorEvent, coordinatorMachine } from './machine';
import { answerTask, createTask, retireTask } from './testing/machine-harness';

const created = { topic: createTask().topic, partitions: 3, created: true };
const done = (id: string, output: unknown = {}) => ({ type: `xstate.done.actor.${id}`, output });
const failed = (id: string) => ({ type: `xstate.error.actor.${id}`, error: new Error('x') });

/** Every event the machine knows, plus the actor completions and timers a real run would produce. */
const events = [
  { type: 'PARTITION_ASSIGNED' },
  { type: 'PARTITION_REVOKED' },
  { type: 'REQUEST_CREATE_TOPIC', task: createTask() },
  { type: 'CREATE_TOPIC_SUCCESS', created },
  { type: 'CREATE_TOPIC_FAILURE', error: new Error('x') },
  { type: 'NOTIFY_SUCCESS' },
  { type: 'NOTIFY_FAILURE', error: new Error('x') },
  { type: 'ANSWER_REQUESTS', task: answerTask() },
  { type: 'RETIRE_TOPIC', task: retireTask() },
  { type: 'RECONCILE' },
  { type: 'MAINTAIN' },
  { type: 'RESET' },
  { type: 'STOP' },
  ...['reconcile', 'notifyProducer', 'notifyConsumer', 'answerRequests', 'retireTopic', 'maintain'].flatMap(
    (id) => [done(id), failed(id)],
  ),
  done('createTopic', created),
  failed('createTopic'),
  { type: 'xstate.after.retryDelay.coordinator.error.backingOff' },
] as unknown as CoordinatorEvent[];

const options = (maxAttempts: number) => ({
  events,
  input: { retry: { baseMs: 1, maxMs: 1, maxAttempts }, random: () => 0 },
  // Context (attempt counts, tasks) would make the graph infinite: states are what we check.
  serializeState: (s: { value: unknown; context: { exit: unknown; attempt: number } }) =>
    JSON.stringify([s.value, s.context.exit, Math.min(s.context.attempt, maxAttempts)]),
});

function reachableStates(maxAttempts: number): Set<string> {
  const paths = getShortestPaths(coordinatorMachine, options(maxAttempts));
  return new Set(paths.map((p) => JSON.stringify(p.state.value)));
}

describe('coordinator machine reachability (xstate/graph)', () => {
  it('reaches every state from the initial one', () => {
    const reached = reachableStates(2);
    for (const state of [
      'standby',
      'reconciling',
      'active',
      'processingCreateTopic',
      { notifyingActors: 'notifyingProducer' },
      { notifyingActors: 'notifyingConsumer' },
      'answeringRequests',
      'retiringTopic',
      'maintaining',
      { error: 'backingOff' },
      { error: 'halted' },
      'stopped',
    ]) {
      expect(reached).toContain(JSON.stringify(state));
    }
  });

  it('never halts when retries are unlimited', () => {
    expect(reachableStates(0)).not.toContain(JSON.stringify({ error: 'halted' }));
  });

  it('every reachable state can still reach stopped (STOP is never lost)', () => {
    const paths = getShortestPaths(coordinatorMachine, options(2));
    expect(paths.length).toBeGreaterThan(10);
    for (const { state } of paths) {
      const toStopped = getShortestPaths(coordinatorMachine, {
        ...options(2),
        fromState: state,
        toState: (s) => s.status === 'done',
      });
      expect({ from: state.value, canStop: toStopped.length > 0 }).toEqual({
        from: state.value,
        canStop: true,
      });
    }
  });
});
