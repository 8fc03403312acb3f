import { assign, enqueueActions, fromPromise, setup } from 'xstate';
import { type TopicReaderInput, topicReaderMachine } from './machine';

/** Id of the reader child of a topic: stable, so the gateway finds it again (`snapshot.children`). */
export const readerId = (topic: string): string => `reader:${topic}`;

export type GatewayEvent =
  | { type: 'READER_START'; topic: string }
  | { type: 'READER_STOP'; topic: string }
  | { type: 'STOP' };

export type GatewayInput = { retry: TopicReaderInput['retry'] };

/**
 * The gateway root: starts the shared plumbing (producer, registry, control events, HTTP), then
 * spawns one topic reader (the seed's consumer chart) per topic that has clients and stops it when
 * the last client is gone. A failed start is final (the process exits non-zero); the readers retry.
 * Drawn in docs/diagrams/dynamic-gateway-root.svg (the seed has no chart for it).
 */
export const gatewayMachine = setup({
  types: {
    context: {} as GatewayInput & { readers: string[]; error: string | null },
    events: {} as GatewayEvent,
    input: {} as GatewayInput,
  },
  actors: {
    topicReader: topicReaderMachine,
    startGateway: fromPromise<void>(async () => {}),
    stopGateway: fromPromise<void>(async () => {}),
  },
  guards: {
    isNewReader: ({ context, event }) =>
      event.type === 'READER_START' && !context.readers.includes(event.topic),
    isKnownReader: ({ context, event }) =>
      event.type === 'READER_STOP' && context.readers.includes(event.topic),
  },
}).createMachine({
  id: 'gateway',
  context: ({ input }) => ({ ...input, readers: [], error: null }),
  initial: 'starting',
  states: {
    starting: {
      invoke: {
        id: 'startGateway',
        src: 'startGateway',
        onDone: 'running',
        onError: {
          target: 'failed',
          actions: assign({ error: ({ event }) => String((event.error as Error)?.message ?? event.error) }),
        },
      },
      on: { STOP: 'stopping' },
    },
    running: {
      on: {
        READER_START: {
          guard: 'isNewReader',
          actions: enqueueActions(({ enqueue, context, event }) => {
            const id = readerId(event.topic);
            enqueue.spawnChild('topicReader', { id, input: { topic: event.topic, retry: context.retry } });
            enqueue.sendTo(id, { type: 'SUBSCRIBE_TO_TOPIC' });
            enqueue.assign({ readers: [...context.readers, event.topic] });
          }),
        },
        READER_STOP: {
          guard: 'isKnownReader',
          actions: enqueueActions(({ enqueue, context, event }) => {
            enqueue.stopChild(readerId(event.topic));
            enqueue.assign({ readers: context.readers.filter((t) => t !== event.topic) });
          }),
        },
        STOP: 'stopping',
      },
    },
    stopping: {
      entry: enqueueActions(({ enqueue, context }) => {
        for (const topic of context.readers) enqueue.stopChild(readerId(topic));
        enqueue.assign({ readers: [] });
      }),
      invoke: { id: 'stopGateway', src: 'stopGateway', onDone: 'stopped', onError: 'stopped' },
    },
    stopped: { type: 'final' },
    failed: { type: 'final' },
  },
});
