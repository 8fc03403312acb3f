import type { RetryPolicy } from '@mdp/runtime/retry';
import type { AnswerTask, CreatedTopic, CreateTask, RetireTask, Step, Task, TaskOutcome } from './tasks';

export type MaintenanceReport = { retiring: number; deleted: number; failed: number };

export type CoordinatorInput = { retry: RetryPolicy; random?: () => number };

export type Failure = { step: Step; message: string; attempt: number };

export type CoordinatorContext = {
  /** The unit of work in progress: the seed's `pendingTopic` for a create task. */
  task: Task | null;
  created: CreatedTopic | null;
  /** The seed's `errorInfo`: the last failed step. */
  failure: Failure | null;
  /** Consecutive failures of the current step (drives the backoff). */
  attempt: number;
  /** STOP or PARTITION_REVOKED seen while a step was running: leave once it ends. */
  exit: 'stop' | 'standby' | null;
  retry: RetryPolicy;
  random: () => number;
};

export type CoordinatorEvent =
  | { type: 'PARTITION_ASSIGNED' }
  | { type: 'PARTITION_REVOKED' }
  | { type: 'REQUEST_CREATE_TOPIC'; task: CreateTask }
  | { type: 'CREATE_TOPIC_SUCCESS'; created: CreatedTopic }
  | { type: 'CREATE_TOPIC_FAILURE'; error: unknown }
  | { type: 'NOTIFY_SUCCESS' }
  | { type: 'NOTIFY_FAILURE'; error: unknown }
  | { type: 'ANSWER_REQUESTS'; task: AnswerTask }
  | { type: 'RETIRE_TOPIC'; task: RetireTask }
  | { type: 'RECONCILE' }
  | { type: 'MAINTAIN' }
  | { type: 'RESET' }
  | { type: 'STOP' };

/** What the machine tells the outside world (`actor.on(type, ...)`). */
export type CoordinatorEmitted =
  /** The seed's commands: the producer (via the registry) and the consumers (via the event) know. */
  | { type: 'NOTIFY_PRODUCER'; topic: string }
  | { type: 'NOTIFY_CONSUMER'; topic: string }
  | { type: 'TASK_SETTLED'; taskId: string; outcome: TaskOutcome }
  | { type: 'STEP_FAILED'; step: Step; message: string; attempt: number };
