import { deviationsOf, handledIn } from './deviations';
import { chartOf } from './machine-to-dot';
import { loadMachine } from './machines';
import { REMOVED, SERVICES, seedChart } from './seed-charts';

const leaf = (path: string) => path.split('.').at(-1) ?? path;

describe.each(SERVICES)('%s machine covers the seed chart', (service) => {
  const chart = chartOf(loadMachine(service));
  const seed = seedChart(service);
  const deviations = deviationsOf(chart, seed);

  it.each(seed.states)('has the state %s', (state) => {
    expect(chart.states.map(leaf)).toContain(state);
  });

  it.each(seed.edges.map((e) => [`${e.from} -> ${e.to} on ${e.event}`, e] as const))(
    'has %s, or the documented deviation',
    (_name, edge) => {
      const origins = deviations.edges.filter((e) => e.seed === edge).map((e) => e.origin);
      if (edge.deviation === REMOVED) expect(origins).toEqual([]);
      else if (edge.deviation) expect(origins).toContain('changed');
      else expect(origins).toContain('seed');
      if (edge.dotted) {
        // Dotted: the event is accepted there, and `to` follows from that state by some transition.
        const follows = chart.edges.some(
          (e) => handledIn(chart, e, edge.from) && e.entered.split('.').includes(edge.to),
        );
        expect(follows).toBe(true);
      }
    },
  );
});
