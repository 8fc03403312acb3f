import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { chartToDot, type DotOptions } from './chart-dot';

/** One edge of a state chart, as drawn and as checked against the seed's charts. */
export type ChartEdge = {
  from: string;
  to: string;
  /** The atomic state the transition ends in (a compound target enters its initial children). */
  entered: string;
  label: string;
  kind: 'event' | 'after' | 'always' | 'done' | 'error';
};
export type Chart = {
  id: string;
  initial: string | null;
  states: string[];
  edges: ChartEdge[];
  invokes: Record<string, string[]>;
};

const DONE = 'xstate.done.actor.';
const ERROR = 'xstate.error.actor.';
const AFTER = 'xstate.after.';

/** Dotted path below the root (`running.idle`), the name the diagrams use for a state. */
function pathOf(node: AnyStateNode): string {
  return node.path.join('.');
}

/** Follows initial states down to the atomic state a transition into `node` ends in. */
function enteredLeaf(node: AnyStateNode): string {
  let current = node;
  while (current.type === 'compound' && current.initial?.target?.[0]) current = current.initial.target[0];
  return pathOf(current);
}

function guardName(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'guard';
  if (typeof guard === 'object' && guard !== null && 'type' in guard)
    return String((guard as { type: unknown }).type);
  return 'guard';
}

function edgeKind(eventType: string): ChartEdge['kind'] {
  if (eventType.startsWith(DONE)) return 'done';
  if (eventType.startsWith(ERROR)) return 'error';
  if (eventType.startsWith(AFTER)) return 'after';
  if (eventType === '') return 'always';
  return 'event';
}

function baseLabel(eventType: string, delays: Map<string, string>): string {
  const kind = edgeKind(eventType);
  if (kind === 'done') return `done: ${eventType.slice(DONE.length)}`;
  if (kind === 'error') return `error: ${eventType.slice(ERROR.length)}`;
  if (kind === 'after') return `after ${delays.get(eventType) ?? eventType.slice(AFTER.length)}`;
  if (kind === 'always') return 'always';
  return eventType;
}

/**
 * Walks the machine definition itself: states (nested), the initial state, every transition with its
 * event, guard and delay, `always` transitions, and the actors each state invokes. `toDirectedGraph`
 * from xstate/graph misses `always` and the initial state, hence this walk.
 */
export function chartOf(machine: AnyStateMachine): Chart {
  const chart: Chart = { id: machine.id, initial: null, states: [], edges: [], invokes: {} };
  const visit = (node: AnyStateNode): void => {
    const from = pathOf(node);
    if (node !== machine.root) chart.states.push(from);
    if (node.invoke.length > 0) chart.invokes[from || '(root)'] = node.invoke.map((i) => String(i.id));
    const delays = new Map<string, string>(node.after.map((a) => [a.eventType, String(a.delay)]));
    const all: [string, ReturnType<AnyStateNode['transitions']['get']>][] = [...node.transitions.entries()];
    if (node.always) all.push(['', node.always]);
    for (const [eventType, defs] of all) {
      for (const def of defs ?? []) {
        const guard = guardName(def.guard);
        const label = baseLabel(eventType, delays) + (guard ? ` [${guard}]` : '');
        const targets: AnyStateNode[] = def.target?.length ? [...def.target] : [node];
        for (const target of targets) {
          const to = pathOf(target) || '(root)';
          chart.edges.push({
            from: from || '(root)',
            to,
            entered: enteredLeaf(target),
            label,
            kind: edgeKind(eventType),
          });
        }
      }
    }
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(machine.root);
  const initial = machine.root.initial?.target?.[0];
  chart.initial = initial ? pathOf(initial) : null;
  return chart;
}

/** Graphviz DOT for one machine, deterministic (same machine, same bytes). */
export function machineToDot(machine: AnyStateMachine, options: DotOptions = {}): string {
  return chartToDot(chartOf(machine), options);
}
