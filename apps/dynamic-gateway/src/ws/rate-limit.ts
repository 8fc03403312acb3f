/** A rate and the burst a client may spend at once. */
export type FrameRate = { perSecond: number; burst: number };

/** Classic token bucket: `burst` tokens, refilled at `perSecond`; a frame costs one token. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: FrameRate,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.tokens = rate.burst;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty (the caller refuses the frame). */
  take(): boolean {
    const at = this.now();
    this.tokens = Math.min(this.rate.burst, this.tokens + ((at - this.last) / 1000) * this.rate.perSecond);
    this.last = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export type FrameLimits = { socket: FrameRate; app: FrameRate };

/**
 * Inbound frame limits: one bucket per socket, one per app shared by all of its sockets. Made once
 * per gateway; app buckets are keyed by the authenticated appId (bounded by the configured keys).
 */
export function createFrameLimiter(limits: FrameLimits, now?: () => number) {
  const apps = new Map<string, TokenBucket>();
  return {
    /** The admission check of one socket: `'socket'`/`'app'` names the bucket that ran dry. */
    forSocket(appId: string): () => 'ok' | 'socket' | 'app' {
      const socket = new TokenBucket(limits.socket, now);
      let app = apps.get(appId);
      if (!app) {
        app = new TokenBucket(limits.app, now);
        apps.set(appId, app);
      }
      const shared = app;
      return () => (!socket.take() ? 'socket' : !shared.take() ? 'app' : 'ok');
    },
  };
}

export type FrameLimiter = ReturnType<typeof createFrameLimiter>;
