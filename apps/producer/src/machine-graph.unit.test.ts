import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import type { PriceTick } from '@mdp/contracts/market-data';
import type { EventFromLogic } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { producerMachine } from './machine';
import type { Batch, ProducerInput } from './machine-types';

type Event = EventFromLogic<typeof producerMachine>;

const tick = { market: 'CCCAGG', base: 'BTC', quote: 'USD', price: 1, ts: 1, tradeId: '' } as PriceTick;
const batch: Batch = { ticks: [tick], candles: [], dynamic: [] };
const withDynamic: Batch = { ...batch, dynamic: [{ topic: 'dyn.t', kind: 'ticks', value: tick }] };
const spec: DynamicTopicSpec = {
  kind: 'ticks',
  symbols: ['BTC'],
  quote: 'USD',
  market: 'CCCAGG',
  samplingMs: 0,
};
const failure = { kind: 'timeout', message: 'timeout', retryAfterMs: 0 };

const events: Event[] = [
  { type: 'FETCH_DATA' },
  { type: 'DATA_READY', data: batch },
  { type: 'DATA_READY', data: withDynamic },
  { type: 'FETCH_FAILURE', error: failure },
  { type: 'PUBLISH_FIXED' },
  { type: 'PUBLISH_DYNAMIC' },
  { type: 'PUBLISH_SUCCESS' },
  { type: 'PUBLISH_FAILURE', error: failure },
  { type: 'CREATE_TOPIC', spec },
  { type: 'CREATE_TOPIC_SUCCESS' },
  { type: 'CREATE_TOPIC_FAILURE', error: failure },
  { type: 'RESET' },
  { type: 'STOP' },
  // What the clock sends when the backoff is over, and the drain actor when it finishes.
  { type: 'xstate.after.retryDelay.producer.backingOff' } as unknown as Event,
  { type: 'xstate.done.actor.drain', output: undefined } as unknown as Event,
];

const input: ProducerInput = {
  topicSpecs: [],
  namespace: '',
  retry: { baseMs: 1, maxMs: 1, maxConsecutiveFailures: 2 },
};

describe('producer machine reachability', () => {
  it('reaches every state from idle through the seed events', () => {
    const paths = getShortestPaths(producerMachine, {
      input,
      events,
      // Abstract the context to what changes behaviour, so the graph stays finite.
      serializeState: (s) => {
        const c = s.context;
        return JSON.stringify([
          s.value,
          c.currentData?.dynamic.length ?? -1,
          c.fixedPublished,
          c.attempt,
          c.stopRequested,
          c.fetchRequested,
          c.pendingTopicSpecs.length,
        ]);
      },
    });
    const reached = new Set(paths.map((p) => String(p.state.value)));
    expect([...reached].sort()).toEqual(
      [
        'backingOff',
        'creatingTopic',
        'error',
        'fetchingData',
        'idle',
        'publishingDynamic',
        'publishingFixed',
        'stopped',
        'stopping',
      ].sort(),
    );
    const stopped = paths.find((p) => p.state.value === 'stopped');
    expect(stopped?.state.status).toBe('done');
  });
});
