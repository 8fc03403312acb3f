import { createActor, fromCallback, fromPromise } from 'xstate';
import { type TopicConsumerInput, type TopicReaderEvent, topicReaderMachine } from './machine';
import { gatewayMachine, readerId } from './root-machine';

function start(startFails = false) {
  const consumers = new Map<string, number>();
  const machine = gatewayMachine.provide({
    actors: {
      topicReader: topicReaderMachine.provide({
        actors: {
          topicConsumer: fromCallback<TopicReaderEvent, TopicConsumerInput>(({ input }) => {
            consumers.set(input.topic, (consumers.get(input.topic) ?? 0) + 1);
            return () => consumers.set(input.topic, (consumers.get(input.topic) ?? 0) - 1);
          }),
        },
      }),
      startGateway: fromPromise(async () => {
        if (startFails) throw new Error('broker unreachable');
      }),
      stopGateway: fromPromise(async () => {}),
    },
  });
  const actor = createActor(machine, { input: { retry: { baseMs: 10, maxMs: 100, maxAttempts: 0 } } });
  actor.subscribe({ error: () => {} });
  actor.start();
  return { actor, consumers };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('gatewayMachine', () => {
  it('spawns one subscribed reader per topic and stops it', async () => {
    const { actor, consumers } = start();
    await settle();
    expect(actor.getSnapshot().value).toBe('running');
    actor.send({ type: 'READER_START', topic: 'a' });
    actor.send({ type: 'READER_START', topic: 'a' });
    actor.send({ type: 'READER_START', topic: 'b' });
    const child = actor.getSnapshot().children[readerId('a')];
    expect(child).toBeDefined();
    expect((child?.getSnapshot() as { value?: unknown } | undefined)?.value).toEqual({
      active: 'subscribing',
    });
    expect(consumers).toEqual(
      new Map([
        ['a', 1],
        ['b', 1],
      ]),
    );
    actor.send({ type: 'READER_STOP', topic: 'a' });
    expect(actor.getSnapshot().children[readerId('a')]).toBeUndefined();
    expect(consumers.get('a')).toBe(0);
    actor.send({ type: 'STOP' });
    await settle();
    expect(actor.getSnapshot().value).toBe('stopped');
    expect(consumers.get('b')).toBe(0);
  });

  it('ends in failed when the start fails', async () => {
    const { actor } = start(true);
    await settle();
    await settle();
    expect(actor.getSnapshot().value).toBe('failed');
    expect(actor.getSnapshot().context.error).toBe('broker unreachable');
  });
});
