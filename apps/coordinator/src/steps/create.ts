import type { OutgoingMessage } from '@mdp/runtime/outgoing-message';
import { announce } from '../events/announcements';
import { creatingRecord, withRequester, withStatus } from '../registry/records';
import type { AnswerTask, CreatedTopic, CreateTask } from '../tasks';
import type { StepDeps } from './deps';

/**
 * The request path. Each step is idempotent, so a retry, a replay after a crash, or a second
 * coordinator doing the same thing ends in the same state.
 */
export function createRequestSteps(deps: StepDeps) {
  const { view, topics, config, now } = deps;

  return {
    /** Record `creating` (so a crash leaves a trace reconciliation can finish), then create the topic. */
    async createTopic(task: CreateTask, signal: AbortSignal): Promise<CreatedTopic> {
      const existing = view.get(task.topic);
      if (existing?.status !== 'creating' || existing.lastRequestId !== task.requestId) {
        await view.put(creatingRecord(task, existing, config.topic, now()));
      }
      signal.throwIfAborted();
      const { partitions, created } = await topics.create(task.topic);
      return { topic: task.topic, partitions, created };
    },

    /** NOTIFY_PRODUCER: the producer follows the registry; an active record makes it publish. */
    async notifyProducer({ task, created }: { task: CreateTask; created: CreatedTopic }): Promise<void> {
      const record = view.get(task.topic) ?? creatingRecord(task, undefined, config.topic, now());
      await view.put({ ...withStatus(record, 'active', now()), partitions: created.partitions });
    },

    /** NOTIFY_CONSUMER: TopicActivated tells the gateways (and the requester) the topic is ready. */
    async notifyConsumer({ task }: { task: CreateTask; created: CreatedTopic }): Promise<void> {
      const record = view.get(task.topic);
      if (!record) throw new Error(`registry record of ${task.topic} vanished before the announcement`);
      await deps.sendEvents([announce.activated(record, task.requestId)]);
      const seconds = Math.max(0, now() - task.requestedAt) / 1000;
      deps.metrics.requestToActive.observe({ path: 'created' }, seconds);
      deps.logger.info(
        { topic: task.topic, requestId: task.requestId, appId: task.appId, seconds },
        'topic active',
      );
    },

    /** Rejections and already-active topics: registry updates first, then the answers, in one send. */
    async answerRequests(task: AnswerTask): Promise<void> {
      const events: OutgoingMessage[] = [];
      const timings: number[] = [];
      for (const answer of task.answers) {
        if (answer.kind === 'reject') {
          events.push(announce.rejected(answer.requestId, answer.appId, answer.rejection));
          continue;
        }
        let record = view.get(answer.topic);
        if (!record) throw new Error(`registry record of ${answer.topic} vanished before the answer`);
        if (!record.requestedBy.includes(answer.appId)) {
          record = withRequester(record, answer.appId, answer.requestId, now());
          await view.put(record);
        }
        events.push(announce.activated(record, answer.requestId));
        timings.push(answer.requestedAt);
      }
      if (events.length > 0) await deps.sendEvents(events);
      for (const requestedAt of timings) {
        deps.metrics.requestToActive.observe({ path: 'existing' }, Math.max(0, now() - requestedAt) / 1000);
      }
    },
  };
}
