import { ApiError } from '../http/api-error';
import { type GatewayMetrics, TRANSPORTS, type Transport } from '../metrics';

export type SubscriptionInfo = {
  id: string;
  appId: string;
  topic: string;
  transport: Transport;
  /** Messages waiting for this client (its buffer depth). */
  depth(): number;
  /** Ends the subscription from the gateway's side (topic retired, shutdown). */
  close(reason: string): void;
};

export type ClientLimits = {
  connectionsPerApp: number;
  subscriptionsPerApp: number;
  /** Requests (any transport, POST /v1/streams) waiting for the coordinator to create a topic. */
  pendingRequestsPerApp: number;
};

/** Who is connected and subscribed to what: limits per app, counts per topic (heartbeats), metrics. */
export class ClientRegistry {
  private readonly connections = new Map<string, number>();
  private readonly subscriptionsPerApp = new Map<string, number>();
  private readonly subscriptions = new Map<string, SubscriptionInfo>();
  private readonly pendingPerApp = new Map<string, number>();

  constructor(
    private readonly limits: ClientLimits,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** Counts a connection of `appId`; refuses (429) beyond the limit. Returns its release. */
  openConnection(appId: string, transport: Transport): () => void {
    const open = this.connections.get(appId) ?? 0;
    if (open >= this.limits.connectionsPerApp)
      throw new ApiError(
        429,
        'too_many_connections',
        `app ${appId} has ${open} open connections (limit ${this.limits.connectionsPerApp})`,
      );
    this.connections.set(appId, open + 1);
    this.metrics.connections.inc({ transport });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.connections.set(appId, (this.connections.get(appId) ?? 1) - 1);
      this.metrics.connections.dec({ transport });
    };
  }

  /** Reserves a subscription slot before the (slow) topic resolution; refuses (429) beyond the limit. */
  reserveSubscription(appId: string): () => void {
    const count = this.subscriptionsPerApp.get(appId) ?? 0;
    if (count >= this.limits.subscriptionsPerApp)
      throw new ApiError(
        429,
        'too_many_subscriptions',
        `app ${appId} has ${count} subscriptions (limit ${this.limits.subscriptionsPerApp})`,
      );
    this.subscriptionsPerApp.set(appId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.subscriptionsPerApp.set(appId, (this.subscriptionsPerApp.get(appId) ?? 1) - 1);
    };
  }

  /**
   * Counts a request of `appId` that waits for a topic's creation (each holds a socket, a timer and
   * a coordinator request); refuses (429) beyond the limit. Returns its release.
   */
  reservePending(appId: string): () => void {
    const count = this.pendingPerApp.get(appId) ?? 0;
    if (count >= this.limits.pendingRequestsPerApp)
      throw new ApiError(
        429,
        'too_many_pending_requests',
        `app ${appId} has ${count} requests waiting for new topics (limit ${this.limits.pendingRequestsPerApp}); retry when they are answered`,
      );
    this.pendingPerApp.set(appId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.pendingPerApp.get(appId) ?? 1) - 1;
      if (left > 0) this.pendingPerApp.set(appId, left);
      else this.pendingPerApp.delete(appId);
    };
  }

  add(info: SubscriptionInfo): () => void {
    this.subscriptions.set(info.id, info);
    this.metrics.subscriptions.inc({ transport: info.transport });
    return () => {
      if (!this.subscriptions.delete(info.id)) return;
      this.metrics.subscriptions.dec({ transport: info.transport });
    };
  }

  /** Subscribers per topic right now (the heartbeat's content). */
  countsByTopic(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const s of this.subscriptions.values()) counts.set(s.topic, (counts.get(s.topic) ?? 0) + 1);
    return counts;
  }

  forTopic(topic: string): SubscriptionInfo[] {
    return [...this.subscriptions.values()].filter((s) => s.topic === topic);
  }

  all(): SubscriptionInfo[] {
    return [...this.subscriptions.values()];
  }

  /** Called at scrape time: the deepest and the summed buffer of each transport (0 with no subscription). */
  collectDepths(): void {
    for (const transport of TRANSPORTS) {
      const depths = this.all()
        .filter((s) => s.transport === transport)
        .map((s) => s.depth());
      this.metrics.bufferDepthMax.set({ transport }, Math.max(0, ...depths));
      this.metrics.bufferedMessages.set(
        { transport },
        depths.reduce((sum, d) => sum + d, 0),
      );
    }
  }
}
