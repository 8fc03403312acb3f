import { randomUUID } from 'node:crypto';
import type { BatchContext, BatchOutcome, ConsumedMessage } from '@mdp/runtime/batch-handler';
import type { Logger } from '@mdp/runtime/logger';
import type { CoordinatorConfig } from '../config';
import type { MachineDriver } from '../machine-driver';
import type { CoordinatorMetrics } from '../metrics';
import type { Answer, TaskOutcome } from '../tasks';
import { type Decision, decideRequest, type ParsedRequest, type RegistryLookup } from './policy';

/** Request ids answered lately: a duplicate or a replay of one is ignored (and counted). */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max = 10_000) {}
  has = (id: string) => this.ids.has(id);
  add(id: string) {
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value as string);
  }
}

type Deps = {
  driver: MachineDriver;
  registry: RegistryLookup;
  config: CoordinatorConfig;
  metrics: CoordinatorMetrics;
  logger: Logger;
  now: () => number;
  answered: RecentIds;
};

const PAUSE_AFTER_INTERRUPT_MS = 1_000;

/**
 * The request topic's batch handler. Requests are decided in order, in segments: a run of answers
 * (rejections, already-active topics) is one machine task; a topic to create or retire is a task of
 * its own. The runtime commits the chunk's offsets only after this returns: a crash replays it, and
 * every step is idempotent.
 */
export function createRequestHandler(deps: Deps) {
  const { driver, metrics } = deps;

  const typeOf = (d: Decision) => (d.kind === 'retire' ? 'RetireTopic' : 'RequestTopic');
  const count = (d: Decision, outcome: string) => metrics.requests.inc({ type: typeOf(d), outcome });

  const toAnswer = (d: Decision): Answer | null => {
    if (d.kind === 'reject')
      return { kind: 'reject', requestId: d.requestId, appId: d.appId, rejection: d.rejection };
    if (d.kind === 'existing')
      return {
        kind: 'existing',
        requestId: d.requestId,
        appId: d.appId,
        topic: d.topic,
        requestedAt: d.requestedAt,
      };
    return null;
  };

  /** Settles a segment's bookkeeping: answered ids, outcome counts. */
  const settle = (decisions: Decision[], outcome: TaskOutcome) => {
    for (const d of decisions) {
      if (outcome !== 'done') {
        count(d, outcome);
        continue;
      }
      deps.answered.add(d.requestId);
      if (d.kind === 'reject') metrics.rejections.inc({ code: d.rejection.code });
      count(
        d,
        d.kind === 'reject'
          ? 'rejected'
          : d.kind === 'existing'
            ? 'existing'
            : d.kind === 'create'
              ? 'created'
              : 'retired',
      );
    }
  };

  return async (messages: ConsumedMessage<ParsedRequest>[], ctx: BatchContext): Promise<BatchOutcome> => {
    const lost = () => !ctx.isRunning() || ctx.isStale();
    let i = 0;
    while (i < messages.length) {
      let segment: Decision[] = [];
      const outcome = await driver.submit(() => {
        segment = [];
        const answers: Answer[] = [];
        const inSegment = new Set<string>();
        const policy = {
          namespace: deps.config.namespace,
          quotas: deps.config.quotas,
          registry: deps.registry,
          now: deps.now(),
          maxAgeMs: deps.config.requestMaxAgeMs,
          answered: (id: string) => deps.answered.has(id) || inSegment.has(id),
        };
        for (; i < messages.length; i++) {
          const d = decideRequest((messages[i] as ConsumedMessage<ParsedRequest>).value, policy);
          if (d.kind === 'ignore') {
            metrics.requests.inc({ type: d.type, outcome: `ignored_${d.reason}` });
            continue;
          }
          const answer = toAnswer(d);
          if (!answer && answers.length > 0) break; // answer what we have; decide this one afresh next
          segment.push(d);
          inSegment.add(d.requestId);
          if (answer) {
            answers.push(answer);
            continue;
          }
          i++;
          const taskId = randomUUID();
          if (d.kind === 'create') {
            const { requestId, appId, topic, spec, requestedAt } = d;
            return {
              type: 'REQUEST_CREATE_TOPIC',
              task: { kind: 'create', taskId, requestId, appId, topic, spec, requestedAt },
            };
          }
          if (d.kind === 'retire') {
            const { requestId, appId, topic, reason } = d;
            return {
              type: 'RETIRE_TOPIC',
              task: { kind: 'retire', taskId, requestId, appId, topic, reason },
            };
          }
        }
        if (answers.length === 0) return null;
        return { type: 'ANSWER_REQUESTS', task: { kind: 'answer', taskId: randomUUID(), answers } };
      }, lost);
      if (outcome === 'nothing') break;
      settle(segment, outcome);
      if (outcome === 'interrupted') {
        const resume = ctx.pause();
        setTimeout(resume, PAUSE_AFTER_INTERRUPT_MS).unref();
        return 'retry';
      }
      if (outcome === 'abandoned') await answerAbandoned(segment, lost);
    }
    return undefined;
  };

  /** An operator RESET dropped a creation: its requester still gets an answer, through the machine. */
  async function answerAbandoned(segment: Decision[], lost: () => boolean) {
    const answers: Answer[] = segment
      .filter((d) => d.kind === 'create')
      .map((d) => ({
        kind: 'reject',
        requestId: d.requestId,
        appId: d.appId,
        rejection: {
          code: 'topic_failed',
          message: 'topic creation failed and was abandoned by an operator',
          issues: [],
        },
      }));
    if (answers.length === 0) return;
    const taskId = randomUUID();
    await driver.submit(() => ({ type: 'ANSWER_REQUESTS', task: { kind: 'answer', taskId, answers } }), lost);
    deps.logger.warn({ requests: answers.length }, 'abandoned requests answered with topic_failed');
  }
}
