import { createActor, fromCallback, SimulatedClock } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { type TopicConsumerInput, type TopicReaderEvent, topicReaderMachine } from './machine';

function start(maxAttempts = 0) {
  const clock = new SimulatedClock();
  const inputs: TopicConsumerInput[] = [];
  let cleanups = 0;
  const machine = topicReaderMachine.provide({
    actors: {
      topicConsumer: fromCallback<TopicReaderEvent, TopicConsumerInput>(({ input }) => {
        inputs.push(input);
        return () => {
          cleanups += 1;
        };
      }),
    },
  });
  const actor = createActor(machine, {
    clock,
    input: { topic: 'dyn.t', retry: { baseMs: 100, maxMs: 1000, maxAttempts }, random: () => 1 },
  });
  const errors: unknown[] = [];
  actor.subscribe({ error: (e) => errors.push(e) });
  actor.start();
  return { actor, clock, inputs, cleanups: () => cleanups, errors };
}

const value = (a: ReturnType<typeof start>['actor']) => a.getSnapshot().value;

describe('topicReaderMachine', () => {
  it('subscribes, then cycles consuming → processingMessage → interactingWithApp per batch', () => {
    const { actor, inputs } = start();
    expect(value(actor)).toBe('idle');
    actor.send({ type: 'SUBSCRIBE_TO_TOPIC' });
    expect(value(actor)).toEqual({ active: 'subscribing' });
    expect(inputs).toEqual([{ topic: 'dyn.t', position: null }]);
    actor.send({ type: 'SUBSCRIBE_SUCCESS', position: [5, 7] });
    expect(value(actor)).toEqual({ active: 'consuming' });
    actor.send({ type: 'MESSAGE_RECEIVED', partition: 0, count: 3 });
    expect(value(actor)).toEqual({ active: 'processingMessage' });
    actor.send({ type: 'PROCESS_SUCCESS', valid: 2, invalid: 1 });
    expect(value(actor)).toEqual({ active: 'interactingWithApp' });
    actor.send({ type: 'INTERACT_SUCCESS', position: [8, 7] });
    expect(value(actor)).toEqual({ active: 'consuming' });
    expect(actor.getSnapshot().context).toMatchObject({
      position: [8, 7],
      batches: 1,
      messages: 3,
      invalid: 1,
    });
  });

  it('ignores a batch event out of order instead of skipping a step', () => {
    const { actor } = start();
    actor.send({ type: 'SUBSCRIBE_TO_TOPIC' });
    actor.send({ type: 'SUBSCRIBE_SUCCESS', position: [0] });
    actor.send({ type: 'INTERACT_SUCCESS', position: [9] });
    expect(value(actor)).toEqual({ active: 'consuming' });
    expect(actor.getSnapshot().context.position).toEqual([0]);
  });

  it('backs off after a failure and resubscribes from the last delivered position', () => {
    const { actor, clock, inputs, cleanups } = start();
    actor.send({ type: 'SUBSCRIBE_TO_TOPIC' });
    actor.send({ type: 'SUBSCRIBE_SUCCESS', position: [0] });
    actor.send({ type: 'MESSAGE_RECEIVED', partition: 0, count: 1 });
    actor.send({ type: 'PROCESS_SUCCESS', valid: 1, invalid: 0 });
    actor.send({ type: 'INTERACT_SUCCESS', position: [1] });
    actor.send({ type: 'MESSAGE_RECEIVED', partition: 0, count: 1 });
    actor.send({ type: 'PROCESS_FAILURE', error: 'dlq unavailable' });
    expect(value(actor)).toBe('backingOff');
    expect(cleanups()).toBe(1);
    expect(actor.getSnapshot().context).toMatchObject({ attempts: 1, error: 'dlq unavailable' });
    clock.increment(99);
    expect(value(actor)).toBe('backingOff');
    clock.increment(1);
    expect(value(actor)).toEqual({ active: 'subscribing' });
    expect(inputs.at(-1)).toEqual({ topic: 'dyn.t', position: [1] });
    actor.send({ type: 'SUBSCRIBE_SUCCESS', position: [1] });
    expect(actor.getSnapshot().context.attempts).toBe(0);
  });

  it('grows the delay per attempt up to the cap', () => {
    const { actor, clock } = start();
    actor.send({ type: 'SUBSCRIBE_TO_TOPIC' });
    const waits: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      actor.send({ type: 'SUBSCRIBE_FAILURE', error: 'broker down' });
      let waited = 0;
      while (value(actor) === 'backingOff') {
        clock.increment(10);
        waited += 10;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('halts in error after maxAttempts until RESET, then can subscribe again', () => {
    const { actor, clock } = start(2);
    actor.send({ type: 'SUBSCRIBE_TO_TOPIC' });
    actor.send({ type: 'SUBSCRIBE_FAILURE', error: 'x' });
    clock.increment(100);
    actor.send({ type: 'SUBSCRIBE_FAILURE', error: 'y' });
    expect(value(actor)).toBe('error');
    clock.increment(10_000);
    expect(value(actor)).toBe('error');
    actor.send({ type: 'RESET' });
    expect(value(actor)).toBe('idle');
    actor.send({ type: 'SUBSCRIBE_TO_TOPIC' });
    expect(value(actor)).toEqual({ active: 'subscribing' });
  });

  it('stops from any state and cleans the consumer up', () => {
    const { actor, cleanups, errors } = start();
    actor.send({ type: 'SUBSCRIBE_TO_TOPIC' });
    actor.send({ type: 'STOP' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(cleanups()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('reaches every state of the chart', () => {
    const events: TopicReaderEvent[] = [
      { type: 'SUBSCRIBE_TO_TOPIC' },
      { type: 'SUBSCRIBE_SUCCESS', position: [0] },
      { type: 'SUBSCRIBE_FAILURE', error: 'e' },
      { type: 'MESSAGE_RECEIVED', partition: 0, count: 1 },
      { type: 'PROCESS_SUCCESS', valid: 1, invalid: 0 },
      { type: 'PROCESS_FAILURE', error: 'e' },
      { type: 'INTERACT_SUCCESS', position: [1] },
      { type: 'INTERACT_FAILURE', error: 'e' },
      { type: 'RESET' },
      { type: 'STOP' },
    ];
    const paths = getShortestPaths(topicReaderMachine, {
      events,
      input: { topic: 't', retry: { baseMs: 1, maxMs: 1, maxAttempts: 1 } },
      serializeState: (s) => JSON.stringify(s.value),
    });
    const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));
    for (const state of [
      '"idle"',
      '{"active":"subscribing"}',
      '{"active":"consuming"}',
      '{"active":"processingMessage"}',
      '{"active":"interactingWithApp"}',
      '"error"',
      '"stopped"',
    ])
      expect(reached).toContain(state);
  });
});
