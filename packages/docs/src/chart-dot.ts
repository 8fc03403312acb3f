import { type Deviations, deviationsOf, type Origin } from './deviations';
import type { Chart, ChartEdge } from './machine-to-dot';
import { REMOVED, type SeedChart } from './seed-charts';

export type DotOptions = {
  /** Fill colour of the states. */
  color?: string;
  /** The seed's chart of this machine: deviations from it are drawn in their own style, with a legend. */
  seed?: SeedChart;
  /** A line under the diagram (e.g. why there is no seed chart to compare with). */
  note?: string;
};

const ADDED = 'darkorange';
const CHANGED = 'purple';
const MISSING = 'gray50';

const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
/** Quoted, with `\n` kept as Graphviz's line break. */
const label = (s: string): string => quote(s).replace(/\\\\n/g, '\\n');

const originStyle: Record<Origin, string> = {
  seed: '',
  added: `, color=${ADDED}, fontcolor=${ADDED}`,
  changed: `, color=${CHANGED}, fontcolor=${CHANGED}`,
};

const LEGEND = [
  '  subgraph cluster_legend {',
  '    label="legend"; fontname=Helvetica; fontsize=9; style=dashed; color=gray70;',
  '    __legend [shape=plaintext, style="", fontsize=9, label=<<table border="0" cellspacing="0" cellpadding="2">',
  '      <tr><td align="left">black: a state or transition of the seed&#39;s chart</td></tr>',
  `      <tr><td align="left"><font color="${ADDED}">orange: not in the seed&#39;s chart</font></td></tr>`,
  `      <tr><td align="left"><font color="${CHANGED}">purple: a seed transition that goes elsewhere (why: packages/docs/seed)</font></td></tr>`,
  `      <tr><td align="left"><font color="${MISSING}">grey, dotted: in the seed&#39;s chart, not in the machine</font></td></tr>`,
  '      <tr><td align="left">dashed: after a delay, always, or an invoked actor&#39;s done/error</td></tr>',
  '    </table>>];',
  '  }',
];

/** The machine state a seed state is drawn on: the first one named after it, else its missing-state node. */
function seedNode(chart: Chart, seedState: string): string {
  return chart.states.find((s) => (s.split('.').at(-1) ?? s) === seedState) ?? `seed:${seedState}`;
}

function edgeLine(edge: ChartEdge, origin: Origin, seedTarget: string | null): string {
  const kind = edge.kind === 'event' ? '' : ', style=dashed';
  const text = origin === 'changed' && seedTarget ? `${edge.label}\\n(seed: -> ${seedTarget})` : edge.label;
  return `  ${quote(edge.from)} -> ${quote(edge.to)} [label=${label(text)}${kind}${originStyle[origin]}];`;
}

function missingLines(chart: Chart, deviations: Deviations): string[] {
  const lines = deviations.missingStates.map(
    (s) =>
      `  ${quote(`seed:${s}`)} [label=${label(`${s}\\n(seed; missing)`)}, style="rounded,dotted", color=${MISSING}, fontcolor=${MISSING}];`,
  );
  for (const e of deviations.missingEdges) {
    const why = e.deviation === REMOVED ? 'removed' : 'missing';
    lines.push(
      `  ${quote(seedNode(chart, e.from))} -> ${quote(seedNode(chart, e.to))} [label=${label(`${e.event}\\n(seed; ${why})`)}, style=dotted, color=${MISSING}, fontcolor=${MISSING}];`,
    );
  }
  return lines;
}

/** Graphviz DOT for one chart, deterministic (same chart and seed, same bytes). */
export function chartToDot(chart: Chart, options: DotOptions = {}): string {
  const deviations = options.seed ? deviationsOf(chart, options.seed) : null;
  const lines = [
    `digraph ${quote(chart.id)} {`,
    '  rankdir=LR;',
    `  node [shape=rectangle, style="rounded,filled", fillcolor=${options.color ?? 'lightblue'}, fontname=Helvetica, fontsize=10];`,
    '  edge [fontname=Helvetica, fontsize=9];',
  ];
  if (options.note) lines.push(`  label=${label(options.note)}; labelloc=b; fontname=Helvetica; fontsize=9;`);
  lines.push('  __start [shape=point, width=0.15, label=""];');
  for (const state of chart.states) {
    const invokes = chart.invokes[state];
    const text = invokes ? `${state}\\ninvoke: ${invokes.join(', ')}` : state;
    const fill = /error|failed/i.test(state) ? ', fillcolor=salmon' : '';
    const added = deviations?.states[state] === 'added' ? `, color=${ADDED}, penwidth=2` : '';
    lines.push(`  ${quote(state)} [label=${label(text)}${fill}${added}];`);
  }
  if (chart.edges.some((e) => e.from === '(root)'))
    lines.push('  "(root)" [label="any state", shape=plaintext, style=""];');
  if (chart.initial) lines.push(`  __start -> ${quote(chart.initial)};`);
  chart.edges.forEach((edge, i) => {
    const origin = deviations?.edges[i];
    const seedTarget = origin?.seed?.to ?? null;
    lines.push(edgeLine(edge, origin?.origin ?? 'seed', seedTarget));
  });
  if (deviations) lines.push(...missingLines(chart, deviations), ...LEGEND);
  lines.push('}', '');
  return lines.join('\n');
}
