import { type ChartEdge, chartOf } from './machine-to-dot';
import { loadMachine } from './machines';
import { SERVICES, type SeedEdge, seedChart } from './seed-charts';

const leaf = (path: string) => path.split('.').at(-1) ?? path;
const eventOf = (label: string) => label.split(' [')[0];
const segments = (path: string) => path.split('.');

describe.each(SERVICES)('%s machine covers the seed chart', (service) => {
  const chart = chartOf(loadMachine(service));
  const seed = seedChart(service);

  // A transition on a state applies in its descendants; one on a descendant handles it while there.
  const handledIn = (e: ChartEdge, seedState: string) =>
    e.from === '(root)' ||
    chart.states.some(
      (s) =>
        leaf(s) === seedState && (s === e.from || s.startsWith(`${e.from}.`) || e.from.startsWith(`${s}.`)),
    );
  const onEvent = (edge: SeedEdge) =>
    chart.edges.filter(
      (e) => e.kind === 'event' && eventOf(e.label) === edge.event && handledIn(e, edge.from),
    );
  const reaches = (edge: SeedEdge, to: string) =>
    chart.edges.some((e) => handledIn(e, edge.from) && segments(e.entered).includes(to));

  it.each(seed.states)('has the state %s', (state) => {
    expect(chart.states.map(leaf)).toContain(state);
  });

  it.each(seed.edges.map((e) => [`${e.from} -> ${e.to} on ${e.event}`, e] as const))(
    'has %s',
    (_name, edge) => {
      const candidates = onEvent(edge);
      if (edge.dotted) {
        expect(candidates.length).toBeGreaterThan(0);
        expect(reaches(edge, edge.to)).toBe(true);
      } else {
        const target = edge.deviation ?? edge.to;
        expect(candidates.map((e) => e.entered)).toEqual(
          expect.arrayContaining([expect.stringMatching(new RegExp(`(^|\\.)${target}(\\.|$)`))]),
        );
      }
    },
  );
});
