import type { SubscriberHeartbeat } from '@mdp/contracts/control';

type GatewayReport = { at: number; intervalMs: number; topics: Map<string, number> };

/** A gateway that missed this many heartbeat intervals is gone: its counts no longer hold topics alive. */
const STALE_INTERVALS = 3;
/** No fetch of the events topic for this long means this process could not hear heartbeats. */
export const DEAF_AFTER_MS = 5_000;

/**
 * Who is subscribed to what, from the gateways' latest heartbeats (times are when this process got
 * them: a gateway's clock is not trusted). Every coordinator follows the heartbeats, so a standby that
 * takes over already knows the subscribers.
 */
export class SubscriberTracker {
  private readonly gateways = new Map<string, GatewayReport>();
  /** Last time a live gateway reported subscribers on a topic. */
  private readonly lastUsed = new Map<string, number>();
  /** Last completed fetch of the events topic, and when the current unbroken stretch of them began. */
  private lastListen: number | null = null;
  private heardSince: number;

  constructor(readonly startedAt: number) {
    this.heardSince = startedAt;
  }

  /**
   * Called on every fetch of the events topic. Time when no heartbeat could be heard (broker down,
   * this process stalled) must not count as idle, nor make gateways look gone: after such a gap,
   * everything is judged from the moment hearing resumed.
   */
  listening(at: number): void {
    if (this.lastListen !== null && at - this.lastListen > DEAF_AFTER_MS) this.heardSince = at;
    this.lastListen = at;
  }

  private deaf(now: number): boolean {
    return this.lastListen !== null && now - this.lastListen > DEAF_AFTER_MS;
  }

  record(heartbeat: SubscriberHeartbeat['data'], at: number): void {
    const topics = new Map<string, number>();
    for (const { topic, subscribers } of heartbeat.topics) {
      topics.set(topic, (topics.get(topic) ?? 0) + subscribers);
      if (subscribers > 0) this.lastUsed.set(topic, at);
    }
    this.gateways.set(heartbeat.gatewayId, { at, intervalMs: heartbeat.intervalMs, topics });
  }

  /** Subscribers of a topic in the latest heartbeat of every live gateway. */
  subscribers(topic: string, now: number): number {
    let total = 0;
    for (const [id, report] of this.gateways) {
      if (
        !this.deaf(now) &&
        now - Math.max(report.at, this.heardSince) > report.intervalMs * STALE_INTERVALS
      ) {
        this.gateways.delete(id);
        continue;
      }
      total += report.topics.get(topic) ?? 0;
    }
    return total;
  }

  /** Epoch ms since which a topic has had no subscribers, given when it (last) became active; null while in use or deaf. */
  idleSince(topic: string, activeSince: number, now: number): number | null {
    if (this.deaf(now) || this.subscribers(topic, now) > 0) return null;
    return Math.max(this.lastUsed.get(topic) ?? 0, activeSince, this.startedAt, this.heardSince);
  }

  gatewayCount(): number {
    return this.gateways.size;
  }

  forget(topic: string): void {
    this.lastUsed.delete(topic);
  }
}
