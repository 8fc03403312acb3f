import type { AnyActorRef, AnyStateMachine, InspectionEvent, Subscription } from 'xstate';
import { activeLeaves, type ChartOutline, outlineChart, stateName } from './machine-chart';
import { counter, gauge, type Registry } from './metrics';

export type MachineTransition = Readonly<{ at: string; event: string; from: string; to: string }>;

/** One machine as `GET /admin/machines` shows it. */
export type MachineView = Readonly<{
  id: string;
  /** The chart's id (`topicReader`): the `machine` label of the metrics. */
  machine: string;
  state: string;
  status: string;
  /** When the machine entered its current state (ISO time). */
  since: string;
  /** The last transitions, oldest first. */
  transitions: readonly MachineTransition[];
}>;

export type ResetOutcome =
  | { ok: true; machine: MachineView }
  | { ok: false; code: 'unknown_machine' | 'no_reset_edge' | 'reset_not_accepted'; message: string };

export type MachineBoard = {
  /**
   * Follows an actor of `chart` under `id` (unique within the service) from now on. `reset` is how
   * RESET reaches it (default: the RESET event). Returns the function that forgets it.
   */
  observe(actor: AnyActorRef, opts: { id: string; chart: AnyStateMachine; reset?: () => void }): () => void;
  machines(): MachineView[];
  /** Sends RESET to machine `id` when its chart has a RESET edge and its current state takes it. */
  reset(id: string): ResetOutcome;
};

type Entry = {
  id: string;
  actor: AnyActorRef;
  chart: ChartOutline;
  leaves: string[];
  state: string;
  status: string;
  since: number;
  ring: MachineTransition[];
  reset: () => void;
};

type SystemLike = { inspect(observer: (event: InspectionEvent) => void): Subscription };

/**
 * The machines of one service, the same way in every service: a gauge
 * `<prefix>_machine_state{machine,state}` (how many actors of that chart are in that leaf state),
 * a counter `<prefix>_machine_transitions_total{machine,event}` (event types outside the chart
 * count as `other`), and a ring of the last `recent` transitions per machine for the admin view.
 * Transitions are read with XState's inspection API, one subscription per actor system.
 */
export function createMachineBoard(opts: {
  metricPrefix: string;
  registry: Registry;
  recent?: number;
  now?: () => number;
}): MachineBoard {
  const recent = opts.recent ?? 20;
  const now = opts.now ?? Date.now;
  const stateGauge = gauge(opts.registry, {
    name: `${opts.metricPrefix}_machine_state`,
    help: 'Actors of each machine in each leaf state (1 or 0 for a machine the service runs once)',
    labelNames: ['machine', 'state'],
  });
  const transitions = counter(opts.registry, {
    name: `${opts.metricPrefix}_machine_transitions_total`,
    help: 'State changes of the machines, by the event that caused them (other: not a chart event)',
    labelNames: ['machine', 'event'],
  });
  const entries = new Map<string, Entry>();
  const byActor = new Map<AnyActorRef, Entry>();
  const systems = new Map<SystemLike, { subscription: Subscription; actors: number }>();
  const outlines = new Map<AnyStateMachine, ChartOutline>();

  const outline = (chart: AnyStateMachine): ChartOutline => {
    let known = outlines.get(chart);
    if (!known) {
      known = outlineChart(chart);
      outlines.set(chart, known);
      // Every state of the chart as a series from the start, so a dashboard sees the zeros.
      for (const state of known.states) stateGauge.inc({ machine: known.id, state }, 0);
    }
    return known;
  };

  const count = (entry: Entry, by: 1 | -1) => {
    for (const state of entry.leaves) stateGauge.inc({ machine: entry.chart.id, state }, by);
  };

  const onSnapshot = (entry: Entry, eventType: string, value: unknown, status: string) => {
    entry.status = status;
    const to = stateName(value);
    if (to === entry.state) return;
    count(entry, -1);
    const at = now();
    const event = entry.chart.events.has(eventType) ? eventType : 'other';
    entry.ring.push({ at: new Date(at).toISOString(), event, from: entry.state, to });
    if (entry.ring.length > recent) entry.ring.shift();
    transitions.inc({ machine: entry.chart.id, event });
    entry.leaves = activeLeaves(value);
    entry.state = to;
    entry.since = at;
    count(entry, 1);
  };

  const inspect = (e: InspectionEvent) => {
    if (e.type !== '@xstate.snapshot') return;
    const entry = byActor.get(e.actorRef as AnyActorRef);
    const snapshot = e.snapshot as { value?: unknown; status: string };
    if (entry) onSnapshot(entry, e.event.type, snapshot.value, snapshot.status);
  };

  const view = (entry: Entry): MachineView => ({
    id: entry.id,
    machine: entry.chart.id,
    state: entry.state,
    status: entry.status,
    since: new Date(entry.since).toISOString(),
    transitions: [...entry.ring],
  });

  return {
    observe(actor, o) {
      if (entries.has(o.id)) throw new Error(`machine ${o.id} is observed already`);
      const snapshot = actor.getSnapshot() as { value?: unknown; status: string };
      const entry: Entry = {
        id: o.id,
        actor,
        chart: outline(o.chart),
        leaves: activeLeaves(snapshot.value),
        state: stateName(snapshot.value),
        status: snapshot.status,
        since: now(),
        ring: [],
        reset: o.reset ?? (() => actor.send({ type: 'RESET' })),
      };
      entries.set(o.id, entry);
      byActor.set(actor, entry);
      count(entry, 1);
      const system = actor.system as SystemLike;
      const watched = systems.get(system) ?? { subscription: system.inspect(inspect), actors: 0 };
      watched.actors += 1;
      systems.set(system, watched);
      return () => {
        if (entries.get(o.id) !== entry) return;
        entries.delete(o.id);
        byActor.delete(actor);
        count(entry, -1);
        watched.actors -= 1;
        if (watched.actors > 0) return;
        watched.subscription.unsubscribe();
        systems.delete(system);
      };
    },
    machines: () => [...entries.values()].map(view),
    reset(id) {
      const entry = entries.get(id);
      if (!entry) return { ok: false, code: 'unknown_machine', message: `no machine ${id}` };
      if (!entry.chart.hasReset)
        return { ok: false, code: 'no_reset_edge', message: `the ${entry.chart.id} chart has no RESET` };
      const snapshot = entry.actor.getSnapshot() as { can?(event: { type: string }): boolean };
      if (snapshot.can && !snapshot.can({ type: 'RESET' }))
        return {
          ok: false,
          code: 'reset_not_accepted',
          message: `${id} is in ${entry.state}, which does not take RESET`,
        };
      entry.reset();
      return { ok: true, machine: view(entry) };
    },
  };
}
