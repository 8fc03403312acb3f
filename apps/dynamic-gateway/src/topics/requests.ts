import { randomUUID } from 'node:crypto';
import type { TopicActivated, TopicRequestRejected } from '@mdp/contracts/control';
import type { DynamicTopicSpec } from '@mdp/contracts/dynamic-spec';
import { ApiError } from '../http/api-error';

export type ActiveTopic = { topic: string; partitions: number };

export type TopicRequesterDeps = {
  /** Puts `RequestTopic { requestId, appId, spec }` on control.requests.v1. */
  send(requestId: string, appId: string, spec: DynamicTopicSpec): Promise<void>;
  timeoutMs: number;
  newId?: () => string;
};

type Waiter = { topic: string; resolve: (t: ActiveTopic) => void; reject: (e: Error) => void };

/**
 * Asks the coordinator for a spec's topic and waits for its answer on control.events.v1 (matched by
 * request id), or for the registry to show the topic active, whichever comes first. One request per
 * app and topic is in flight at a time: concurrent clients of one app share it.
 */
export class TopicRequester {
  private readonly waiters = new Map<string, Waiter>();
  private readonly inFlight = new Map<string, Promise<ActiveTopic>>();

  constructor(private readonly deps: TopicRequesterDeps) {}

  request(topic: string, spec: DynamicTopicSpec, appId: string): Promise<ActiveTopic> {
    const key = `${appId}\u0000${topic}`;
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const promise = this.send(topic, spec, appId).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private async send(topic: string, spec: DynamicTopicSpec, appId: string): Promise<ActiveTopic> {
    const requestId = (this.deps.newId ?? randomUUID)();
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<ActiveTopic>((resolve, reject) => {
      this.waiters.set(requestId, { topic, resolve, reject });
      timer = setTimeout(
        () =>
          reject(
            new ApiError(
              504,
              'activation_timeout',
              `the coordinator did not activate ${topic} within ${this.deps.timeoutMs} ms`,
              [],
              {
                topic,
                requestId,
              },
            ),
          ),
        this.deps.timeoutMs,
      );
    });
    try {
      await this.deps.send(requestId, appId, spec);
    } catch (e) {
      this.waiters.delete(requestId);
      clearTimeout(timer);
      throw new ApiError(
        503,
        'control_unavailable',
        `could not send the topic request: ${(e as Error).message}`,
      );
    }
    try {
      return await answer;
    } finally {
      this.waiters.delete(requestId);
      clearTimeout(timer);
    }
  }

  onActivated(event: TopicActivated['data']): void {
    if (event.requestId !== null)
      this.waiters.get(event.requestId)?.resolve({ topic: event.topic, partitions: event.partitions });
  }

  onRejected(event: TopicRequestRejected['data']): void {
    const w = this.waiters.get(event.requestId);
    if (!w) return;
    const { code, message, issues } = event.reason;
    w.reject(new ApiError(422, code, message, issues, { topic: w.topic, requestId: event.requestId }));
  }

  /** The registry shows `topic` active: everyone waiting for it is answered. */
  onTopicActive(topic: string, partitions: number): void {
    for (const w of this.waiters.values()) if (w.topic === topic) w.resolve({ topic, partitions });
  }

  /** Pending requests fail now (shutdown). */
  abortAll(): void {
    for (const w of this.waiters.values())
      w.reject(new ApiError(503, 'shutting_down', 'the gateway is stopping'));
  }
}
