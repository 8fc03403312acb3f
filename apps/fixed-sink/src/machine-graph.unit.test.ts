import type { AnyStateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { sinkMachine } from './machine';
import type { SinkEvent } from './machine-types';
import { batchOf, COMMITTED, MAPPED, WRITTEN } from './testing/machine-harness';

// Every event the machine can meet, including its actors' results and its delayed retries.
const events = [
  { type: 'MESSAGE_RECEIVED', batch: batchOf(1) },
  { type: 'xstate.done.actor.processBatch', output: MAPPED },
  { type: 'xstate.error.actor.processBatch', error: new Error('dlq down') },
  { type: 'xstate.done.actor.writeBatch', output: WRITTEN },
  { type: 'xstate.error.actor.writeBatch', error: new Error('db down') },
  { type: 'xstate.done.actor.commitBatch', output: COMMITTED },
  { type: 'xstate.error.actor.commitBatch', error: new Error('commit failed') },
  { type: 'xstate.after.retryDelay.fixedSink.error.paused' },
  { type: 'xstate.after.retryDelay.fixedSink.error.backingOff' },
  { type: 'xstate.done.actor.drain' },
  { type: 'RESET' },
  { type: 'DRAIN' },
] as unknown as SinkEvent[];

function leafPaths(node: AnyStateNode): string[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return [node.path.join('.')];
  return children.flatMap(leafPaths);
}

describe('sink machine graph', () => {
  const paths = getShortestPaths(sinkMachine, {
    events,
    input: { retry: { baseMs: 100, maxMs: 1000 }, random: () => 0.5 },
    // The state value and the drain flag are what decide transitions; counters would make the graph infinite.
    serializeState: (s) => JSON.stringify([s.value, s.context.drainRequested]),
  });
  const reached = new Set(
    paths.map((p) => {
      const value = p.state.value;
      return typeof value === 'string'
        ? value
        : Object.entries(value).map(([k, v]) => `${k}.${String(v)}`)[0];
    }),
  );

  it.each(leafPaths(sinkMachine.root).filter((s) => s !== 'error.deciding'))('reaches %s', (state) => {
    expect(reached).toContain(state);
  });

  it('can stop from every reachable state (no dead ends)', () => {
    for (const path of paths) {
      if (path.state.status === 'done') continue;
      const onward = getShortestPaths(sinkMachine, {
        events,
        fromState: path.state,
        serializeState: (s) => JSON.stringify([s.value, s.context.drainRequested]),
        toState: (s) => s.value === 'stopped',
      });
      expect(onward.length).toBeGreaterThan(0);
    }
  });
});
