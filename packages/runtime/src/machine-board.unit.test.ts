import { createActor, createMachine, sendTo, setup } from 'xstate';
import { createMachineBoard } from './machine-board';
import { createMetricsRegistry } from './metrics';

/** A small chart with a retry loop, a give-up state and RESET, like the services' machines. */
const chart = createMachine({
  id: 'worker',
  initial: 'idle',
  states: {
    idle: { on: { WORK: 'working' } },
    working: { on: { DONE: 'idle', FAIL: 'error' } },
    error: {
      initial: 'backingOff',
      states: { backingOff: { on: { GIVE_UP: 'halted' } }, halted: {} },
      on: { RESET: 'idle' },
    },
  },
});

const noReset = createMachine({
  id: 'plain',
  initial: 'on',
  states: { on: { on: { TOGGLE: 'off' } }, off: {} },
});

function setupBoard(recent = 20) {
  const registry = createMetricsRegistry('test', { defaultMetrics: false });
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const board = createMachineBoard({ metricPrefix: 'test', registry, recent, now: () => clock });
  const metric = async (name: string) =>
    Object.fromEntries(
      (await registry.getSingleMetric(name)?.get())?.values.map((v) => [
        `${v.labels.machine}/${v.labels.state ?? v.labels.event}`,
        v.value,
      ]) ?? [],
    );
  return { board, metric, tick: (ms: number) => (clock += ms) };
}

describe('createMachineBoard', () => {
  it('exports every chart state as a gauge, 1 on the current one', async () => {
    const { board, metric } = setupBoard();
    const actor = createActor(chart).start();
    board.observe(actor, { id: 'worker', chart });
    actor.send({ type: 'WORK' });
    actor.send({ type: 'FAIL' });
    expect(await metric('test_machine_state')).toEqual({
      'worker/idle': 0,
      'worker/working': 0,
      'worker/error.backingOff': 1,
      'worker/error.halted': 0,
    });
  });

  it('counts transitions by chart event; an event that changes nothing is not counted', async () => {
    const { board, metric } = setupBoard();
    const actor = createActor(chart).start();
    board.observe(actor, { id: 'worker', chart });
    actor.send({ type: 'WORK' });
    actor.send({ type: 'DONE' });
    actor.send({ type: 'WORK' });
    actor.send({ type: 'UNHEARD_OF' } as never); // no transition: not counted
    expect(await metric('test_machine_transitions_total')).toEqual({ 'worker/WORK': 2, 'worker/DONE': 1 });
  });

  it('counts an event the chart does not name (a wildcard edge) as other', async () => {
    const wildcard = createMachine({ id: 'wild', initial: 'a', states: { a: { on: { '*': 'b' } }, b: {} } });
    const { board, metric } = setupBoard();
    const actor = createActor(wildcard).start();
    board.observe(actor, { id: 'wild', chart: wildcard });
    actor.send({ type: `made-up-${Math.random()}` });
    expect(await metric('test_machine_transitions_total')).toEqual({ 'wild/other': 1 });
    expect(board.machines()[0]?.transitions[0]).toMatchObject({ event: 'other', from: 'a', to: 'b' });
  });

  it('keeps the last N transitions with time, event, from and to', () => {
    const { board, tick } = setupBoard(2);
    const actor = createActor(chart).start();
    board.observe(actor, { id: 'worker', chart });
    actor.send({ type: 'WORK' });
    tick(1000);
    actor.send({ type: 'FAIL' });
    tick(500);
    actor.send({ type: 'GIVE_UP' });
    const [view] = board.machines();
    expect(view).toEqual({
      id: 'worker',
      machine: 'worker',
      state: 'error.halted',
      status: 'active',
      since: '2026-01-01T00:00:01.500Z',
      transitions: [
        { at: '2026-01-01T00:00:01.000Z', event: 'FAIL', from: 'working', to: 'error.backingOff' },
        { at: '2026-01-01T00:00:01.500Z', event: 'GIVE_UP', from: 'error.backingOff', to: 'error.halted' },
      ],
    });
  });

  it('resets a machine out of its give-up state, and refuses what cannot be reset', () => {
    const { board } = setupBoard();
    const worker = createActor(chart).start();
    const plain = createActor(noReset).start();
    board.observe(worker, { id: 'worker', chart });
    board.observe(plain, { id: 'plain', chart: noReset });
    expect(board.reset('worker')).toMatchObject({ ok: false, code: 'reset_not_accepted' });
    worker.send({ type: 'WORK' });
    worker.send({ type: 'FAIL' });
    worker.send({ type: 'GIVE_UP' });
    expect(board.reset('worker')).toMatchObject({ ok: true, machine: { state: 'idle' } });
    expect(worker.getSnapshot().value).toBe('idle');
    expect(board.reset('plain')).toMatchObject({ ok: false, code: 'no_reset_edge' });
    expect(board.reset('nobody')).toMatchObject({ ok: false, code: 'unknown_machine' });
  });

  it('follows spawned children: one entry each, a bounded gauge by chart, gone when forgotten', async () => {
    const parent = setup({ actors: { child: chart } }).createMachine({
      id: 'parent',
      initial: 'running',
      states: {
        running: {
          // Two children of one chart, as the gateway's per-topic readers.
          invoke: [
            { id: 'child:a', src: 'child' },
            { id: 'child:b', src: 'child' },
          ],
          on: { POKE: { actions: sendTo('child:a', { type: 'WORK' }) } },
        },
      },
    });
    const { board, metric } = setupBoard();
    const root = createActor(parent).start();
    const children = root.getSnapshot().children as Record<string, Parameters<typeof board.observe>[0]>;
    const forget = Object.entries(children).map(([id, ref]) => board.observe(ref, { id, chart }));
    root.send({ type: 'POKE' });
    expect(board.machines().map((m) => [m.id, m.state])).toEqual([
      ['child:a', 'working'],
      ['child:b', 'idle'],
    ]);
    expect(await metric('test_machine_state')).toMatchObject({ 'worker/idle': 1, 'worker/working': 1 });
    for (const f of forget) f();
    expect(board.machines()).toEqual([]);
    expect(await metric('test_machine_state')).toMatchObject({ 'worker/idle': 0, 'worker/working': 0 });
  });

  it('refuses one id observed twice', () => {
    const { board } = setupBoard();
    const actor = createActor(chart).start();
    board.observe(actor, { id: 'worker', chart });
    expect(() => board.observe(createActor(chart), { id: 'worker', chart })).toThrow(/observed already/);
  });
});
