import type { CheckResult } from '@mdp/runtime/http-server';

/**
 * A publish waiting this long without any answer from the broker means it is unreachable: kafkajs
 * keeps retrying a send for minutes before it fails, and readiness should not wait for that. A busy
 * but healthy broker answers each request (500 messages at most) in well under this.
 */
export const PUBLISH_STALL_MS = 5_000;

/**
 * Whether the producer can use Kafka right now, judged from what it sees rather than from a flag
 * set at start: the last publish failed (until one succeeds), a publish waits while the broker
 * answers nothing, or a consumer crashed and has not fetched since.
 */
export class KafkaHealth {
  private started = false;
  private publishFailure: string | null = null;
  private readonly waitingSince = new Map<number, number>();
  private nextPublish = 0;
  private lastAnswerAt = Number.NEGATIVE_INFINITY;
  private readonly crashed = new Map<string, string>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly stallMs: number = PUBLISH_STALL_MS,
  ) {}

  /** Connected and the topics exist. */
  markStarted(): void {
    this.started = true;
  }

  markStopped(): void {
    this.started = false;
  }

  /** Runs one send and records its outcome: a success proves the broker is reachable again. */
  async trackPublish<T>(send: () => Promise<T>): Promise<T> {
    const id = this.nextPublish++;
    this.waitingSince.set(id, this.now());
    try {
      const result = await send();
      this.publishFailure = null;
      return result;
    } catch (e) {
      this.publishFailure = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      this.waitingSince.delete(id);
    }
  }

  /** The broker answered a request of the producer (produce, metadata...): it is reachable. */
  brokerAnswered(): void {
    this.lastAnswerAt = this.now();
  }

  consumerCrashed(consumer: string, reason: string): void {
    this.crashed.set(consumer, reason);
  }

  /** The consumer fetched again (kafkajs restarted it after a crash), or it was stopped on purpose. */
  consumerFine(consumer: string): void {
    this.crashed.delete(consumer);
  }

  check(): CheckResult {
    if (!this.started) return { ok: false, detail: 'not connected' };
    const problems: string[] = [];
    if (this.publishFailure !== null) problems.push(`last publish failed: ${this.publishFailure}`);
    // Empty map: min is Infinity, nothing waits.
    const silentMs = this.now() - Math.max(Math.min(...this.waitingSince.values()), this.lastAnswerAt);
    if (silentMs >= this.stallMs)
      problems.push(`a publish has waited ${Math.round(silentMs / 1000)} s with no answer from the broker`);
    for (const [consumer, reason] of this.crashed) problems.push(`consumer ${consumer} crashed: ${reason}`);
    return problems.length === 0 ? { ok: true } : { ok: false, detail: problems };
  }
}
