import type { Logger } from '@mdp/runtime/logger';
import { type Actor, waitFor } from 'xstate';
import type { CoordinatorEvent, coordinatorMachine } from './machine';
import type { CoordinatorMetrics } from './metrics';
import type { TaskOutcome } from './tasks';

type CoordinatorActor = Actor<typeof coordinatorMachine>;
type TaskEvent = Extract<CoordinatorEvent, { task: unknown }>;

export type MachineDriver = {
  /**
   * Waits until the machine is free (active), then calls `next` synchronously and sends the task it
   * returns, so nothing can change the registry between the decision and the send. Resolves with the
   * task's outcome; `interrupted` when the machine left active (standby, stop) before or during it, or
   * when `lostPartition` says the consumer lost the request partition meanwhile (a rebalance while a
   * step keeps failing): the machine is then told PARTITION_REVOKED, and the new owner replays the task.
   */
  submit(next: () => TaskEvent | null, lostPartition?: () => boolean): Promise<TaskOutcome | 'nothing'>;
  /** Sends a housekeeping event (MAINTAIN, RECONCILE) when the machine is free; dropped otherwise. */
  tick(type: 'MAINTAIN' | 'RECONCILE'): boolean;
  send(event: CoordinatorEvent): void;
  stateName(): string;
  isActive(): boolean;
};

/** A readable name for a state value: `notifyingActors.notifyingProducer`. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, child] = Object.entries(value)[0] ?? ['?', ''];
    return `${key}.${stateName(child)}`;
  }
  return String(value);
}

const LEFT_ACTIVE = ['standby', 'stopped'];
const LOST = Symbol('lost partition');
const WATCH_INTERVAL_MS = 250;

/** Resolves with the promise's value, or LOST as soon as `lost()` turns true (checked every 250 ms). */
async function watch<T>(promise: Promise<T>, lost: () => boolean): Promise<T | typeof LOST> {
  let timer: NodeJS.Timeout | undefined;
  const check = new Promise<typeof LOST>((resolve) => {
    timer = setInterval(() => {
      if (lost()) resolve(LOST);
    }, WATCH_INTERVAL_MS);
  });
  try {
    return await Promise.race([promise, check]);
  } finally {
    clearInterval(timer);
  }
}

export function createMachineDriver(
  actor: CoordinatorActor,
  metrics: CoordinatorMetrics,
  logger: Logger,
): MachineDriver {
  const waiting = new Map<string, (outcome: TaskOutcome) => void>();
  actor.on('TASK_SETTLED', ({ taskId, outcome }) => {
    waiting.get(taskId)?.(outcome);
    waiting.delete(taskId);
  });
  let lastState = '';
  actor.subscribe({
    next: (snapshot) => {
      const name = stateName(snapshot.value);
      if (name === lastState) return;
      metrics.role.set(name === 'standby' || name === 'stopped' ? 0 : 1);
      logger.debug({ from: lastState, to: name }, 'machine state');
      lastState = name;
      // Nothing settles a task once the machine is done: release whoever waits.
      if (snapshot.status === 'done') {
        for (const resolve of waiting.values()) resolve('interrupted');
        waiting.clear();
      }
    },
    error: (e) => logger.error({ err: e }, 'coordinator machine failed'),
  });

  const isFree = () => actor.getSnapshot().matches('active');
  const hasLeft = () => LEFT_ACTIVE.includes(stateName(actor.getSnapshot().value));

  return {
    async submit(next, lostPartition = () => false) {
      const free = (s: ReturnType<CoordinatorActor['getSnapshot']>) =>
        s.matches('active') || LEFT_ACTIVE.includes(stateName(s.value)) || s.status === 'done';
      const ready = await watch(waitFor(actor, free, { timeout: Number.POSITIVE_INFINITY }), lostPartition);
      if (ready === LOST) actor.send({ type: 'PARTITION_REVOKED' });
      if (ready === LOST || hasLeft() || !isFree()) return 'interrupted';
      const event = next();
      if (!event) return 'nothing';
      const settled = new Promise<TaskOutcome>((resolve) => waiting.set(event.task.taskId, resolve));
      actor.send(event);
      const outcome = await watch(settled, lostPartition);
      if (outcome !== LOST) return outcome;
      waiting.delete(event.task.taskId);
      actor.send({ type: 'PARTITION_REVOKED' });
      return 'interrupted';
    },
    tick(type) {
      if (!isFree()) return false;
      actor.send({ type });
      return true;
    },
    send: (event) => actor.send(event),
    stateName: () => stateName(actor.getSnapshot().value),
    isActive: () => !hasLeft(),
  };
}
