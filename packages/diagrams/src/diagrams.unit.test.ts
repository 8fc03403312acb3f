import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDots } from './generate';
import { chartOf } from './machine-to-dot';
import { loadMachine } from './machines';
import { SERVICES, seedChart } from './seed-charts';

const DOCS = join(__dirname, '..', '..', '..', 'docs', 'diagrams');
const leaf = (path: string) => path.split('.').at(-1) ?? path;
const eventOf = (label: string) => label.split(' [')[0];

describe('committed diagrams', () => {
  const dots = generateDots();

  it.each(Object.keys(dots))(
    'docs/diagrams/%s.dot is what the machine generates (run npm run diagrams)',
    (name) => {
      expect(readFileSync(join(DOCS, `${name}.dot`), 'utf8')).toBe(dots[name]);
    },
  );

  it.each(SERVICES)('docs/diagrams/%s.svg shows every state', (service) => {
    const svg = readFileSync(join(DOCS, `${service}.svg`), 'utf8');
    for (const state of chartOf(loadMachine(service)).states) expect(svg).toContain(`>${leaf(state)}`);
  });
});

describe.each(SERVICES)('%s machine covers the seed chart', (service) => {
  const chart = chartOf(loadMachine(service));
  const seed = seedChart(service);
  // A transition declared on a parent state applies in all its children.
  const covers = (declaredOn: string, seedState: string) =>
    chart.states.some((s) => leaf(s) === seedState && (s === declaredOn || s.startsWith(`${declaredOn}.`))) ||
    declaredOn === '(root)';

  it.each(seed.states)('has the state %s', (state) => {
    expect(chart.states.map(leaf)).toContain(state);
  });

  it.each(seed.edges.map((e) => [`${e.from} -> ${e.to} on ${e.event}`, e] as const))(
    'has %s',
    (_name, edge) => {
      const found = chart.edges.some(
        (e) =>
          e.kind === 'event' &&
          eventOf(e.label) === edge.event &&
          covers(e.from, edge.from) &&
          e.to.split('.').includes(edge.to),
      );
      expect(found).toBe(true);
    },
  );
});
