import { createMachine, fromPromise } from 'xstate';
import { activeLeaves, outlineChart, stateName } from './machine-chart';

describe('outlineChart', () => {
  it('lists the leaf states by path and every event type the chart names, internal ones included', () => {
    const chart = createMachine({
      id: 'job',
      initial: 'idle',
      states: {
        idle: { on: { RUN: 'running' }, after: { 1000: 'running' } },
        running: {
          invoke: { id: 'work', src: fromPromise(async () => 1), onDone: 'idle', onError: 'error' },
        },
        error: { initial: 'backingOff', states: { backingOff: {}, halted: {} }, on: { RESET: 'idle' } },
      },
    });
    const outline = outlineChart(chart);
    expect(outline.id).toBe('job');
    expect(outline.states).toEqual(['idle', 'running', 'error.backingOff', 'error.halted']);
    expect([...outline.events].sort()).toEqual(
      [
        'RESET',
        'RUN',
        'xstate.after.1000.job.idle',
        'xstate.done.actor.work',
        'xstate.error.actor.work',
        'xstate.init',
      ].sort(),
    );
    expect(outline.hasReset).toBe(true);
  });

  it('knows a chart without RESET', () => {
    const chart = createMachine({ id: 'plain', initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } });
    expect(outlineChart(chart).hasReset).toBe(false);
  });
});

describe('state names', () => {
  it('names nested and parallel state values by their active leaves', () => {
    expect(activeLeaves('idle')).toEqual(['idle']);
    expect(activeLeaves({ error: 'halted' })).toEqual(['error.halted']);
    expect(activeLeaves({ a: { b: 'c' }, d: 'e' })).toEqual(['a.b.c', 'd.e']);
    expect(stateName({ a: { b: 'c' }, d: 'e' })).toBe('a.b.c, d.e');
    expect(stateName(undefined)).toBe('');
  });
});
