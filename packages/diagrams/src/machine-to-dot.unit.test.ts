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
        { from: 'idle', to: 'working', label: 'GO [isReady]', kind: 'event' },
        { from: 'working', to: 'idle', label: 'done: doWork', kind: 'done' },
        { from: 'working', to: 'error', label: 'error: doWork', kind: 'error' },
        { from: 'error', to: 'idle', label: 'after retryDelay', kind: 'after' },
        { from: 'error', to: 'idle', label: 'RESET', kind: 'event' },
        { from: 'checking', to: 'idle', label: 'always', kind: 'always' },
      ]),
    );
    expect(chart.edges).toHaveLength(6);
  });

  it('renders deterministic DOT with the initial arrow', () => {
    const dot = machineToDot(sample);
    expect(dot).toBe(machineToDot(sample));
    expect(dot).toContain('__start -> "idle";');
    expect(dot).toContain('"idle" -> "working" [label="GO [isReady]"];');
    expect(dot).toContain('"working" [label="working\\ninvoke: doWork"];');
  });
});
