import type { RejectionCode, TopicRecord, TopicRetiring } from '@mdp/contracts/control';
import type { DynamicTopicSpec, FieldIssue } from '@mdp/contracts/dynamic-spec';

/** The units of work the machine runs, one at a time. Each ends with a TASK_SETTLED emission. */

export type RecordData = TopicRecord['data'];
export type RetireReason = TopicRetiring['data']['reason'];

/** A request that needs a topic created (or revived): the seed's `pendingTopic`. */
export type CreateTask = {
  kind: 'create';
  taskId: string;
  requestId: string | null;
  appId: string | null;
  topic: string;
  spec: DynamicTopicSpec;
  /** Epoch ms the request was made (clamped envelope time): start of request-to-active. */
  requestedAt: number;
};

/** What the create step returns: the topic exists on the broker with this many partitions. */
export type CreatedTopic = { topic: string; partitions: number; created: boolean };

export type Rejection = { code: RejectionCode; message: string; issues: FieldIssue[] };

/** Answers that need no topic creation: rejections and already-active topics. */
export type Answer =
  | { kind: 'reject'; requestId: string; appId: string | null; rejection: Rejection }
  | { kind: 'existing'; requestId: string; appId: string; topic: string; requestedAt: number };

export type AnswerTask = { kind: 'answer'; taskId: string; answers: readonly Answer[] };

export type RetireTask = {
  kind: 'retire';
  taskId: string;
  requestId: string | null;
  appId: string | null;
  topic: string;
  reason: RetireReason;
};

export type Task = CreateTask | AnswerTask | RetireTask;

export type TaskOutcome = 'done' | 'abandoned' | 'interrupted';

/** The machine's steps, named in errors, logs and metrics. */
export type Step = 'reconcile' | 'create' | 'notify' | 'answer' | 'retire' | 'maintain';
