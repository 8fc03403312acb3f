import { createMachine } from 'xstate';
import { chartToDot } from './chart-dot';
import { deviationsOf } from './deviations';
import { chartOf } from './machine-to-dot';
import type { SeedChart, SeedEdge } from './seed-charts';

const seedEdge = (from: string, to: string, event: string, extra: Partial<SeedEdge> = {}): SeedEdge => ({
  from,
  to,
  event,
  dotted: false,
  deviation: null,
  reason: null,
  ...extra,
});

const seed: SeedChart = {
  states: ['idle', 'working', 'error', 'lost'],
  edges: [
    seedEdge('idle', 'working', 'GO'),
    seedEdge('working', 'idle', 'DONE', { deviation: 'working', reason: 'keeps working' }),
    seedEdge('working', 'error', 'FAIL'),
    seedEdge('error', 'idle', 'RESET', { deviation: 'removed', reason: 'nothing sends it' }),
    seedEdge('idle', 'lost', 'LOSE'),
  ],
};

const machine = createMachine({
  id: 'sample',
  initial: 'idle',
  states: {
    idle: { on: { GO: 'working', STOP: 'stopped' } },
    working: { on: { DONE: 'working', FAIL: 'error' } },
    error: { after: { 100: 'idle' } },
    stopped: {},
  },
});

describe('deviations from the seed', () => {
  const chart = chartOf(machine);
  const d = deviationsOf(chart, seed);
  const originOf = (label: string) => d.edges.find((e) => e.edge.label === label)?.origin;

  it('tells seed, added and changed states and transitions apart', () => {
    expect(d.states).toEqual({ idle: 'seed', working: 'seed', error: 'seed', stopped: 'added' });
    expect(originOf('GO')).toBe('seed');
    expect(originOf('FAIL')).toBe('seed');
    expect(originOf('DONE')).toBe('changed');
    expect(originOf('STOP')).toBe('added');
    expect(originOf('after 100')).toBe('added');
  });

  it('lists the seed states and transitions the machine lacks', () => {
    expect(d.missingStates).toEqual(['lost']);
    expect(d.missingEdges.map((e) => e.event)).toEqual(['RESET', 'LOSE']);
  });

  it('draws each kind in its own style, with a legend', () => {
    const dot = chartToDot(chart, { seed });
    expect(dot).toContain('"stopped" [label="stopped", color=darkorange, penwidth=2];');
    expect(dot).toContain('"idle" -> "stopped" [label="STOP", color=darkorange, fontcolor=darkorange];');
    expect(dot).toContain('"working" -> "working" [label="DONE\\n(seed: -> idle)", color=purple');
    expect(dot).toContain('"error" -> "idle" [label="RESET\\n(seed; removed)", style=dotted, color=gray50');
    expect(dot).toContain('"seed:lost" [label="lost\\n(seed; missing)"');
    expect(dot).toContain('"idle" -> "seed:lost" [label="LOSE\\n(seed; missing)"');
    expect(dot).toContain('subgraph cluster_legend');
  });

  it('draws a machine without a seed chart plainly, with its note', () => {
    const dot = chartToDot(chart, { note: 'no seed chart' });
    expect(dot).not.toContain('darkorange');
    expect(dot).not.toContain('cluster_legend');
    expect(dot).toContain('label="no seed chart"; labelloc=b;');
  });
});
