import type { AnyStateMachine, StateNode } from 'xstate';

/** What the observer needs to know of a chart: its id, its leaf states and its event types. */
export type ChartOutline = Readonly<{
  id: string;
  states: readonly string[];
  events: ReadonlySet<string>;
  /** True when some state of the chart accepts RESET. */
  hasReset: boolean;
}>;

/** The event XState sends to start an actor; every machine's first state is entered on it. */
export const INIT_EVENT = 'xstate.init';

// biome-ignore lint/suspicious/noExplicitAny: any chart's state nodes
type AnyStateNode = StateNode<any, any>;

function leafPaths(node: AnyStateNode, prefix: string): string[] {
  const children = Object.values(node.states ?? {}) as AnyStateNode[];
  if (children.length === 0) return prefix ? [prefix] : [];
  return children.flatMap((child) => leafPaths(child, prefix ? `${prefix}.${child.key}` : child.key));
}

/**
 * The chart's leaf states (`error.halted`) and event types, read from the machine definition: the
 * label values of the machine metrics, so their number is bounded by the chart, never by traffic.
 */
export function outlineChart(chart: AnyStateMachine): ChartOutline {
  const events = new Set<string>([INIT_EVENT, ...chart.root.events.map(String)]);
  return { id: chart.id, states: leafPaths(chart.root, ''), events, hasReset: events.has('RESET') };
}

/**
 * The active leaf states of a state value: `'idle'` → `['idle']`, `{ error: 'halted' }` →
 * `['error.halted']`; a parallel state gives one path per region.
 */
export function activeLeaves(value: unknown, prefix = ''): string[] {
  const join = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (typeof value === 'string') return [join(value)];
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix ? [prefix] : [];
    return entries.flatMap(([key, child]) => activeLeaves(child, join(key)));
  }
  return prefix ? [prefix] : [];
}

/** One readable name for a state value: its active leaves, `, ` between parallel regions. */
export function stateName(value: unknown): string {
  return activeLeaves(value).join(', ');
}
