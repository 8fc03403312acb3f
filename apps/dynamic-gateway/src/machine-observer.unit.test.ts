import { createMachineBoard } from '@mdp/runtime/machine-board';
import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { createActor, fromCallback, fromPromise } from 'xstate';
import { type TopicConsumerInput, type TopicReaderEvent, topicReaderMachine } from './machine';
import { observeGatewayMachines } from './machine-observer';
import { gatewayMachine, readerId } from './root-machine';

/** A gateway whose readers' subscriptions all fail: the reader's give-up branch, reached. */
function failingGateway(maxAttempts: number) {
  let subscriptions = 0;
  const machine = gatewayMachine.provide({
    actors: {
      startGateway: fromPromise(async () => {}),
      stopGateway: fromPromise(async () => {}),
      topicReader: topicReaderMachine.provide({
        actors: {
          topicConsumer: fromCallback<TopicReaderEvent, TopicConsumerInput>(({ sendBack }) => {
            subscriptions += 1;
            sendBack({ type: 'SUBSCRIBE_FAILURE', error: 'no such topic' });
            return () => {};
          }),
        },
        delays: { retryDelay: 0 },
      }),
    },
  });
  const root = createActor(machine, { input: { retry: { baseMs: 1, maxMs: 1, maxAttempts } } });
  const board = createMachineBoard({
    metricPrefix: 'gateway',
    registry: createMetricsRegistry('gateway', { defaultMetrics: false }),
  });
  observeGatewayMachines(root, board);
  root.start();
  return { root, board, subscriptions: () => subscriptions };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('observeGatewayMachines', () => {
  it('shows a reader that gave up in error; RESET subscribes it again', async () => {
    const { root, board, subscriptions } = failingGateway(2);
    await settle();
    root.send({ type: 'READER_START', topic: 'dyn.t' });
    await settle();
    const id = readerId('dyn.t');
    expect(board.machines().find((m) => m.id === id)?.state).toBe('error');
    expect(subscriptions()).toBe(2);

    const outcome = board.reset(id);
    expect(outcome.ok).toBe(true);
    await settle();
    const reader = board.machines().find((m) => m.id === id);
    expect(reader?.transitions.map((t) => `${t.event}: ${t.from} → ${t.to}`)).toEqual(
      expect.arrayContaining(['RESET: error → idle', 'SUBSCRIBE_TO_TOPIC: idle → active.subscribing']),
    );
    expect(subscriptions()).toBe(4); // two more attempts, then the give-up state again
    expect(reader?.state).toBe('error');
  });

  it('forgets a reader once it is stopped', async () => {
    const { root, board } = failingGateway(0);
    await settle();
    root.send({ type: 'READER_START', topic: 'dyn.t' });
    expect(board.machines().map((m) => m.id)).toEqual(['gateway', readerId('dyn.t')]);
    root.send({ type: 'READER_STOP', topic: 'dyn.t' });
    expect(board.machines().map((m) => m.id)).toEqual(['gateway']);
    root.send({ type: 'STOP' });
  });
});
