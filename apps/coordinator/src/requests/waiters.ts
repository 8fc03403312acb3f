import type { TopicActivated, TopicRequestRejected } from '@mdp/contracts/control';

export type RequestAnswer =
  | { kind: 'activated'; event: TopicActivated['data'] }
  | { kind: 'rejected'; event: TopicRequestRejected['data'] };

/** Admin API callers waiting for the answer to a request they published (matched by request id). */
export class RequestWaiters {
  private readonly waiting = new Map<string, (answer: RequestAnswer) => void>();

  wait(requestId: string, timeoutMs: number): Promise<RequestAnswer | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        resolve(null);
      }, timeoutMs);
      this.waiting.set(requestId, (answer) => {
        clearTimeout(timer);
        this.waiting.delete(requestId);
        resolve(answer);
      });
    });
  }

  deliver(requestId: string | null, answer: RequestAnswer): void {
    if (requestId) this.waiting.get(requestId)?.(answer);
  }

  pending(): number {
    return this.waiting.size;
  }
}
