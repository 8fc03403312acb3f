import type { Chart, ChartEdge } from './machine-to-dot';
import { REMOVED, type SeedChart, type SeedEdge } from './seed-charts';

/**
 * How a machine's state or transition relates to the seed's chart of it:
 * `seed`: drawn there; `added`: not in the seed; `changed`: a seed transition that goes elsewhere,
 * for the reason written in the seed file.
 */
export type Origin = 'seed' | 'added' | 'changed';

export type EdgeOrigin = { edge: ChartEdge; origin: Origin; seed: SeedEdge | null };

/** The machine against the seed: what each state and transition is, and what of the seed is missing. */
export type Deviations = {
  states: Record<string, Origin>;
  edges: EdgeOrigin[];
  /** Seed states no machine state is named after. */
  missingStates: string[];
  /** Seed transitions no machine transition takes, removed on purpose (`deviation="removed"`) or not. */
  missingEdges: SeedEdge[];
};

const leaf = (path: string): string => path.split('.').at(-1) ?? path;
export const eventOf = (label: string): string => label.split(' [')[0] ?? label;
const enters = (edge: ChartEdge, state: string): boolean => edge.entered.split('.').includes(state);

/**
 * Whether the machine handles `edge` while in the seed state `seedState`: a transition on a state
 * applies in its descendants, one on a descendant handles it while there, one on the root everywhere.
 */
export function handledIn(chart: Chart, edge: ChartEdge, seedState: string): boolean {
  return (
    edge.from === '(root)' ||
    chart.states.some(
      (s) =>
        leaf(s) === seedState &&
        (s === edge.from || s.startsWith(`${edge.from}.`) || edge.from.startsWith(`${s}.`)),
    )
  );
}

/** The seed edge a machine edge implements, and whether it goes where the seed says. */
function originOf(chart: Chart, edge: ChartEdge, seed: SeedChart): EdgeOrigin {
  if (edge.kind !== 'event') return { edge, origin: 'added', seed: null };
  const same = seed.edges.filter((s) => s.event === eventOf(edge.label) && handledIn(chart, edge, s.from));
  const exact = same.find((s) => s.dotted || enters(edge, s.to));
  if (exact) return { edge, origin: 'seed', seed: exact };
  const moved = same.find(
    (s) => s.deviation !== null && s.deviation !== REMOVED && enters(edge, s.deviation),
  );
  if (moved) return { edge, origin: 'changed', seed: moved };
  return { edge, origin: 'added', seed: null };
}

export function deviationsOf(chart: Chart, seed: SeedChart): Deviations {
  const states: Record<string, Origin> = {};
  for (const s of chart.states) states[s] = seed.states.includes(leaf(s)) ? 'seed' : 'added';
  const edges = chart.edges.map((e) => originOf(chart, e, seed));
  const taken = new Set(edges.flatMap((e) => (e.seed ? [e.seed] : [])));
  return {
    states,
    edges,
    missingStates: seed.states.filter((s) => !chart.states.some((c) => leaf(c) === s)),
    missingEdges: seed.edges.filter((s) => !taken.has(s)),
  };
}
