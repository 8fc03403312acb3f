import { createMachine, fromPromise } from 'xstate';
import { chartOf, machineToDot } from './machine-to-dot';

const sample = createMachine(
  {
    id: 'sample',
    initial: 'idle',
    states: {
      idle: { on: { GO: { target: 'working', guard: 'isReady' } } },
      working: {
        invoke: { id: 'doWork', src: 'work', onDone: 'idle', onError: 'error' },
      },
      error: { after: { retryDelay: 'idle' }, on: { RESET: 'idle' } },
      checking: { always: [{ target: 'idle' }] },
    },
  },
  {
    guards: { isReady: () => true },
    actors: { work: fromPromise(async () => 1) },
    delays: { retryDelay: 100 },
  },
);

describe('machineToDot', () => {
  it('walks states, initial state, events, guards, delays, always and invokes', () => {
    const chart = chartOf(sample);
    expect(chart.initial).toBe('idle');
    expect(chart.states).toEqual(['idle', 'working', 'error', 'checking']);
    expect(chart.invokes).toEqual({ working: ['doWork'] });
    expect(chart.edges).toEqual(
      expect.arrayContaining([
        { from: 'idle', to: 'working', entered: 'working', label: 'GO [isReady]', kind: 'event' },
        { from: 'working', to: 'idle', entered: 'idle', label: 'done: doWork', kind: 'done' },
        { from: 'working', to: 'error', entered: 'error', label: 'error: doWork', kind: 'error' },
        { from: 'error', to: 'idle', entered: 'idle', label: 'after retryDelay', kind: 'after' },
        { from: 'error', to: 'idle', entered: 'idle', label: 'RESET', kind: 'event' },
        { from: 'checking', to: 'idle', entered: 'idle', label: 'always', kind: 'always' },
      ]),
    );
    expect(chart.edges).toHaveLength(6);
  });

  it('records the atomic state a compound target enters, and targetless transitions as self-loops', () => {
    const nested = createMachine({
      id: 'nested',
      initial: 'idle',
      on: { STOP: '.idle' },
      states: {
        idle: { on: { START: 'active', PING: { actions: () => {} } } },
        active: { initial: 'subscribing', states: { subscribing: {}, consuming: {} } },
      },
    });
    const edges = chartOf(nested).edges;
    expect(edges).toContainEqual({
      from: 'idle',
      to: 'active',
      entered: 'active.subscribing',
      label: 'START',
      kind: 'event',
    });
    expect(edges).toContainEqual({ from: 'idle', to: 'idle', entered: 'idle', label: 'PING', kind: 'event' });
    expect(edges).toContainEqual({
      from: '(root)',
      to: 'idle',
      entered: 'idle',
      label: 'STOP',
      kind: 'event',
    });
    expect(machineToDot(nested)).toContain('"(root)" [label="any state"');
  });

  it('renders deterministic DOT with the initial arrow', () => {
    const dot = machineToDot(sample);
    expect(dot).toBe(machineToDot(sample));
    expect(dot).toContain('__start -> "idle";');
    expect(dot).toContain('"idle" -> "working" [label="GO [isReady]"];');
    expect(dot).toContain('"working" [label="working\\ninvoke: doWork"];');
  });
});
