import type { SubscriberHeartbeat } from '@mdp/contracts/control';

type GatewayReport = { at: number; intervalMs: number; topics: Map<string, number> };

/** A gateway that missed this many heartbeat intervals is gone: its counts no longer hold topics alive. */
const STALE_INTERVALS = 3;
/** No fetch of the events topic for this long means this process could not hear heartbeats. */
export const DEAF_AFTER_MS = 5_000;
/**
 * After a stretch of deafness, a gateway heard before it gets this many of its intervals (and at
 * least RECOVERY_MIN_MS) to report again: its producer has to find the broker again too, and a
 * kafkajs reconnect backoff alone may reach 30 s (`maxRetryTime`).
 */
export const RECOVERY_INTERVALS = 6;
export const RECOVERY_MIN_MS = 60_000;

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
  /** Since when topics may be judged idle: this process's start, or the end of the last recovery round. */
  private judgingSince: number;
  /** Recovery round: gateways heard before the last deafness that have not reported since, with their deadline. */
  private readonly awaited = new Map<string, number>();

  constructor(readonly startedAt: number) {
    this.heardSince = startedAt;
    this.judgingSince = startedAt;
  }

  /**
   * Called on every fetch of the events topic. Time when no heartbeat could be heard (broker down,
   * this process stalled) must not count as idle, nor make gateways look gone: after such a gap,
   * every gateway heard before must report again (or miss its recovery deadline) before any topic
   * is judged idle, and idleness counts from the end of that round.
   */
  listening(at: number): void {
    if (this.lastListen !== null && at - this.lastListen > DEAF_AFTER_MS) {
      this.heardSince = at;
      for (const [id, report] of this.gateways)
        this.awaited.set(id, at + Math.max(report.intervalMs * RECOVERY_INTERVALS, RECOVERY_MIN_MS));
      this.endRoundIfDone(at);
    }
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
    if (this.awaited.delete(heartbeat.gatewayId)) this.endRoundIfDone(at);
  }

  /** Gateways that missed their recovery deadline are gone; the round ends when none is awaited. */
  private settle(now: number): void {
    let last = -Infinity;
    for (const [id, deadline] of this.awaited) {
      if (now < deadline) continue;
      this.awaited.delete(id);
      this.gateways.delete(id);
      last = Math.max(last, deadline);
    }
    if (last > -Infinity) this.endRoundIfDone(last);
  }

  private endRoundIfDone(at: number): void {
    if (this.awaited.size === 0) this.judgingSince = Math.max(this.judgingSince, at);
  }

  /** Subscribers of a topic in the latest heartbeat of every live gateway. */
  subscribers(topic: string, now: number): number {
    this.settle(now);
    // Silence is judged up to the last fetch only: a gateway is not gone because nothing could be heard.
    const heardUntil = this.lastListen ?? now;
    let total = 0;
    for (const [id, report] of this.gateways) {
      if (
        !this.awaited.has(id) &&
        heardUntil - Math.max(report.at, this.heardSince) > report.intervalMs * STALE_INTERVALS
      ) {
        this.gateways.delete(id);
        continue;
      }
      total += report.topics.get(topic) ?? 0;
    }
    return total;
  }

  /** True while gateways heard before a deafness have not all reported again (nor missed their deadline). */
  recovering(now: number): boolean {
    this.settle(now);
    return this.awaited.size > 0;
  }

  /**
   * Epoch ms since which a topic has had no subscribers, given when it (last) became active; null
   * while in use, deaf, or in a recovery round.
   */
  idleSince(topic: string, activeSince: number, now: number): number | null {
    if (this.deaf(now) || this.recovering(now) || this.subscribers(topic, now) > 0) return null;
    return Math.max(this.lastUsed.get(topic) ?? 0, activeSince, this.startedAt, this.judgingSince);
  }

  gatewayCount(): number {
    return this.gateways.size;
  }

  forget(topic: string): void {
    this.lastUsed.delete(topic);
  }
}
