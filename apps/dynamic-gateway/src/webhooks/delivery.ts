import { randomUUID } from 'node:crypto';
import { retryDelayMs, sleep } from '@mdp/runtime/retry';
import type { FeedCursor } from '../streams/feed-cursor';
import { type Undelivered, webhookPayload } from '../streams/wire-format';
import { encodePosition } from '../topics/position';
import { statusFailure, type WebhookFailure } from './failure';
import { signWebhook, WebhookHeaders } from './signature';

export type PostResult = { status: number } | { error: WebhookFailure };
/** One HTTP POST (undici in the app, a fake in unit tests); never throws. */
export type PostFn = (
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<PostResult>;

export type WebhookSettings = {
  maxAttempts: number;
  batchMessages: number;
  lingerMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  disableAfterFailedBatches: number;
};

export type WebhookState = 'active' | 'retrying' | 'disabled';

export type WebhookStatus = {
  state: WebhookState;
  deliveredBatches: number;
  deliveredMessages: number;
  failedBatches: number;
  consecutiveFailures: number;
  /** A coarse reason (failure.ts): never an address, a port or a raw error message. */
  lastError: WebhookFailure | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  disabledReason: string | null;
  position: string;
  pending: number;
};

export type WebhookEvents = {
  onAttempt(outcome: 'delivered' | 'retry' | 'failed'): void;
  onDelivered(messages: number): void;
  /** A failed POST (or an internal error), by coarse reason. */
  onFailure(reason: WebhookFailure): void;
  /** A throw in this webhook's delivery path (a bug): it ends this webhook only. */
  onInternalError(error: unknown): void;
  onDisabled(reason: string): void;
};

const retryable = (r: PostResult) => 'error' in r || r.status >= 500 || r.status === 408 || r.status === 429;

/**
 * Delivers a subscription to a webhook: batches of up to `batchMessages`, each POST signed (HMAC-SHA256
 * over timestamp and body), retried with capped, jittered backoff on 5xx/408/429/network errors/timeouts;
 * after `maxAttempts` the batch is given up and recorded (status, metrics, and the next batch's
 * `undelivered` field); after `disableAfterFailedBatches` consecutive give-ups the webhook is disabled.
 */
export class WebhookDelivery {
  private sequence = 0;
  private running = false;
  private stopped = false;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private undelivered: Undelivered | undefined;
  readonly status: Omit<WebhookStatus, 'position' | 'pending'> = {
    state: 'active',
    deliveredBatches: 0,
    deliveredMessages: 0,
    failedBatches: 0,
    consecutiveFailures: 0,
    lastError: null,
    lastSuccessAt: null,
    lastFailureAt: null,
    disabledReason: null,
  };

  constructor(
    private readonly id: string,
    private readonly url: string,
    private readonly topic: string,
    private readonly secret: string,
    private readonly cursor: () => FeedCursor | undefined,
    private readonly settings: WebhookSettings,
    private readonly post: PostFn,
    private readonly events: WebhookEvents,
    private readonly random: () => number = Math.random,
  ) {}

  /** New data for the webhook: send after the linger time (batches fill meanwhile). */
  onReadable(): void {
    if (this.running || this.stopped || this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      // Whatever throws in this webhook's path ends this webhook, and nothing else (no unhandled rejection).
      this.run()
        .catch((e: unknown) => this.fail(e))
        .catch(() => this.stop());
    }, this.settings.lingerMs);
  }

  /** Ends this webhook after a throw in its delivery path: recorded, reported, disabled. */
  private fail(error: unknown): void {
    this.status.lastError = 'internal_error';
    this.status.lastFailureAt = new Date().toISOString();
    try {
      this.events.onFailure('internal_error');
      this.events.onInternalError(error);
    } finally {
      this.disable('internal_error');
    }
  }

  disable(reason: string): void {
    if (this.status.state === 'disabled') return;
    this.status.state = 'disabled';
    this.status.disabledReason = reason;
    this.stop();
    this.events.onDisabled(reason);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.lingerTimer);
    this.abort.abort();
  }

  private async run(): Promise<void> {
    const cursor = this.cursor();
    if (this.running || this.stopped || !cursor) return;
    this.running = true;
    try {
      while (!this.stopped) {
        const gap = cursor.takeGap();
        const from = encodePosition(cursor.currentPosition());
        const entries = cursor.take(this.settings.batchMessages);
        if (entries.length === 0 && !gap) break;
        const position = encodePosition(cursor.currentPosition());
        this.sequence += 1;
        const body = webhookPayload({
          webhookId: this.id,
          topic: this.topic,
          sequence: this.sequence,
          position,
          gap,
          undelivered: this.undelivered,
          entries,
        });
        const ok = await this.deliver(body, this.sequence);
        if (this.stopped) break;
        if (ok) {
          this.undelivered = undefined;
          this.status.deliveredMessages += entries.length;
          this.events.onDelivered(entries.length);
          continue;
        }
        this.undelivered = { sequence: this.sequence, from, to: position, messages: entries.length };
        if (this.status.consecutiveFailures >= this.settings.disableAfterFailedBatches) {
          this.disable('consecutive_failures');
          break;
        }
      }
    } finally {
      this.running = false;
    }
    if (!this.stopped && cursor.pending() > 0) this.onReadable();
  }

  private async deliver(body: string, sequence: number): Promise<boolean> {
    const delivery = randomUUID();
    for (let attempt = 0; attempt < this.settings.maxAttempts && !this.stopped; attempt += 1) {
      const timestamp = String(Date.now());
      const result = await this.post(
        this.url,
        body,
        {
          'content-type': 'application/json',
          [WebhookHeaders.id]: this.id,
          [WebhookHeaders.delivery]: delivery,
          [WebhookHeaders.sequence]: String(sequence),
          [WebhookHeaders.timestamp]: timestamp,
          [WebhookHeaders.signature]: signWebhook(this.secret, timestamp, body),
        },
        this.abort.signal,
      );
      if (!('error' in result) && result.status >= 200 && result.status < 300) {
        this.events.onAttempt('delivered');
        this.status.state = 'active';
        this.status.deliveredBatches += 1;
        this.status.consecutiveFailures = 0;
        this.status.lastSuccessAt = new Date().toISOString();
        return true;
      }
      if (this.stopped) break; // an aborted POST is not the target's failure
      this.status.lastError = 'error' in result ? result.error : statusFailure(result.status);
      this.events.onFailure(this.status.lastError);
      const last = attempt + 1 >= this.settings.maxAttempts || !retryable(result);
      if (last) break;
      this.events.onAttempt('retry');
      this.status.state = 'retrying';
      await this.pause(
        retryDelayMs(
          attempt + 1,
          { baseMs: this.settings.retryBaseMs, maxMs: this.settings.retryMaxMs },
          this.random,
        ),
      );
    }
    if (this.stopped) return false;
    this.events.onAttempt('failed');
    this.status.failedBatches += 1;
    this.status.consecutiveFailures += 1;
    this.status.lastFailureAt = new Date().toISOString();
    return false;
  }

  /** Waits `ms`, or less when delivery stops (then the loop sees `stopped`). */
  private pause(ms: number): Promise<void> {
    return sleep(ms, this.abort.signal).catch(() => {});
  }
}
