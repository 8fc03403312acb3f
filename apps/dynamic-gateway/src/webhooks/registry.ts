import { randomBytes } from 'node:crypto';
import type { Logger } from '@mdp/runtime/logger';
import { z } from 'zod';
import { ApiError, badRequest } from '../http/api-error';
import type { GatewayMetrics } from '../metrics';
import type { ClientRegistry } from '../streams/clients';
import type { OpenedStream, StreamOpener } from '../streams/opener';
import { parseStreamRequest } from '../streams/request';
import { encodePosition } from '../topics/position';
import { type PostFn, WebhookDelivery, type WebhookSettings, type WebhookStatus } from './delivery';
import type { HostResolver } from './dispatcher';
import { createWebhookPost } from './post';
import { checkResolvedHost } from './registration';
import { checkWebhookUrl, refusedTarget } from './target';

export const WebhookBodySchema = z
  .object({
    url: z.string().min(1).max(2048),
    secret: z.string().min(16).max(256).optional(),
  })
  .loose();

export type WebhookView = { id: string; url: string; topic: string; createdAt: string } & WebhookStatus;

type Hook = {
  appId: string;
  url: string;
  topic: string;
  createdAt: string;
  stream: OpenedStream;
  delivery: WebhookDelivery;
  release(): void;
};

export type WebhookRegistryDeps = {
  opener: StreamOpener;
  clients: ClientRegistry;
  metrics: GatewayMetrics;
  logger: Logger;
  settings: WebhookSettings & { timeoutMs: number; allowPrivateHosts: boolean };
  newId(): string;
  post?: PostFn;
  /** Name resolution for registration checks and every connection (tests inject a rebinding one). */
  resolveHost?: HostResolver;
};

/** POST/GET/DELETE /v1/webhooks: registered webhooks live in this process (not persisted). */
export class WebhookRegistry {
  private readonly hooks = new Map<string, Hook>();
  private readonly undici: ReturnType<typeof createWebhookPost>;

  constructor(private readonly deps: WebhookRegistryDeps) {
    this.undici = createWebhookPost({
      timeoutMs: deps.settings.timeoutMs,
      allowPrivate: deps.settings.allowPrivateHosts,
      ...(deps.resolveHost ? { resolve: deps.resolveHost } : {}),
    });
  }

  async create(appId: string, body: unknown): Promise<WebhookView & { secret?: string }> {
    const parsed = WebhookBodySchema.safeParse(body);
    if (!parsed.success)
      throw badRequest(
        'invalid_request',
        'url (string) is required; secret must be 16-256 characters',
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      );
    const { url: rawUrl, secret: given, ...rest } = parsed.data;
    const url = checkWebhookUrl(rawUrl, this.deps.settings.allowPrivateHosts);
    if (!url.ok) throw badRequest('invalid_url', url.error, [{ path: 'url', message: url.error }]);
    // Early feedback only: the dispatcher checks again at every connection (names can change their answer).
    if (!(await checkResolvedHost(url.value, this.deps.settings, this.deps.resolveHost)))
      throw badRequest('invalid_url', refusedTarget, [{ path: 'url', message: refusedTarget }]);
    const streamRequest = parseStreamRequest(rest);
    const secret = given ?? randomBytes(24).toString('base64url');
    const id = this.deps.newId();
    const releaseSlot = this.deps.clients.reserveSubscription(appId);
    let delivery: WebhookDelivery | undefined;
    let stream: OpenedStream;
    try {
      stream = await this.deps.opener(streamRequest, appId, {
        onReadable: () => delivery?.onReadable(),
        onSlow: (reason) => delivery?.disable(reason),
        onFailure: (e) => delivery?.disable(e.code),
      });
    } catch (e) {
      releaseSlot();
      throw e;
    }
    const opened = stream;
    const m = this.deps.metrics;
    let released = false;
    let removeInfo: (() => void) | undefined;
    // Declared before the delivery: it may disable itself (and release) before registration ends.
    const release = () => {
      if (released) return;
      released = true;
      opened.close();
      removeInfo?.();
      releaseSlot();
    };
    delivery = new WebhookDelivery(
      id,
      url.value.toString(),
      opened.topic,
      secret,
      () => opened.cursor,
      this.deps.settings,
      this.deps.post ?? this.undici.post,
      {
        onAttempt: (outcome) => m.webhookDeliveries.inc({ outcome }),
        onDelivered: (n) => m.delivered.inc({ transport: 'webhook' }, n),
        onFailure: (reason) => m.webhookFailures.inc({ reason }),
        onInternalError: (error) =>
          this.deps.logger.error({ webhookId: id, appId, err: error }, 'webhook delivery failed internally'),
        onDisabled: (reason) => {
          m.disconnects.inc({ transport: 'webhook', reason });
          this.deps.logger.warn({ webhookId: id, appId, reason }, 'webhook disabled');
          release();
        },
      },
    );
    removeInfo = this.deps.clients.add({
      id,
      appId,
      topic: opened.topic,
      transport: 'webhook',
      depth: () => opened.cursor.pending(),
      close: (reason) => delivery?.disable(reason),
    });
    if (released) removeInfo();
    const hook: Hook = {
      appId,
      url: url.value.toString(),
      topic: opened.topic,
      createdAt: new Date().toISOString(),
      stream: opened,
      delivery,
      release,
    };
    this.hooks.set(id, hook);
    delivery.onReadable();
    return { ...this.view(id, hook), ...(given ? {} : { secret }) };
  }

  list(appId: string): WebhookView[] {
    return [...this.hooks].filter(([, h]) => h.appId === appId).map(([id, h]) => this.view(id, h));
  }

  get(appId: string, id: string): WebhookView {
    const hook = this.hooks.get(id);
    if (!hook || hook.appId !== appId) throw new ApiError(404, 'unknown_webhook', `no webhook ${id}`);
    return this.view(id, hook);
  }

  remove(appId: string, id: string): void {
    const hook = this.hooks.get(id);
    if (!hook || hook.appId !== appId) throw new ApiError(404, 'unknown_webhook', `no webhook ${id}`);
    hook.delivery.stop();
    hook.release();
    this.hooks.delete(id);
  }

  async stop(): Promise<void> {
    for (const hook of this.hooks.values()) {
      hook.delivery.stop();
      hook.release();
    }
    this.hooks.clear();
    await this.undici.close();
  }

  private view(id: string, h: Hook): WebhookView {
    return {
      id,
      url: h.url,
      topic: h.topic,
      createdAt: h.createdAt,
      ...h.delivery.status,
      position: encodePosition(h.stream.cursor.currentPosition()),
      pending: h.stream.cursor.pending(),
    };
  }
}
