import { retryDelayMs } from '@mdp/runtime/retry';
import { classifyFrame, type StreamFrame } from './frame';
import type { SocketFactory, SocketLike } from './socket';

export type Timers = {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** What the streamer reports for logs and metrics (no data: data goes to `onData`). */
export type StreamerEvent =
  | { type: 'connecting' }
  | { type: 'connected' }
  | { type: 'disconnected'; code: number; reason: string; expected: boolean }
  | { type: 'reconnect_scheduled'; inMs: number }
  | { type: 'heartbeat_missed' }
  | { type: 'error_frame'; code: string; message: string; parameter: string }
  | { type: 'invalid_frame'; reason: string }
  | { type: 'subscriptions_over_limit'; dropped: number };

export type StreamerOptions = {
  url: string;
  /** Sent as `Authorization: Apikey …`; never part of the URL, so it cannot leak through URL logging. */
  apiKey: string | undefined;
  heartbeatMs: number;
  /** Extra time after two missed heartbeats before the connection is declared dead. */
  heartbeatGraceMs: number;
  /** Never less than 5 s between connection attempts (the streamer's documented rule). */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  maxSubscriptions: number;
  socketFactory: SocketFactory;
  timers?: Timers;
  onData(frame: Extract<StreamFrame, { kind: 'ticker' | 'ohlc' }>): void;
  /** Subscriptions about to be (re)added: their merged state must be dropped, a new snapshot follows. */
  onSubscribing(subs: readonly string[]): void;
  /** The connection is gone: all merged state is stale. */
  onDisconnected(): void;
  onEvent(event: StreamerEvent): void;
};

/** After a 429 on opening sockets or too many sockets, wait at least a minute (the documented penalty). */
const SOCKET_LIMIT_WAIT_MS = 60_000;

/** The v2 streamer client: one socket, desired subscriptions kept in sync, reconnects with spacing. */
export class Streamer {
  private readonly timers: Timers;
  private desired = new Set<string>();
  private readonly active = new Set<string>();
  private readonly refused = new Set<string>();
  private socket: SocketLike | null = null;
  private open = false;
  private stopped = true;
  private attempts = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private penaltyMs = 0;
  private reconnectTimer: unknown = null;
  private deadTimer: unknown = null;
  private overLimit = 0;

  constructor(private readonly opts: StreamerOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer('reconnectTimer');
    this.clearTimer('deadTimer');
    this.socket?.close();
  }

  isConnected(): boolean {
    return this.open;
  }

  /** The subscriptions wanted now; added and removed on the live socket, or on the next one. */
  setSubscriptions(subs: Iterable<string>): void {
    this.desired = new Set(subs);
    for (const sub of this.refused) if (!this.desired.has(sub)) this.refused.delete(sub);
    if (this.open) this.sync();
  }

  private connect(): void {
    this.reconnectTimer = null;
    if (this.stopped) return;
    this.lastAttemptAt = this.timers.now();
    this.opts.onEvent({ type: 'connecting' });
    const headers: Record<string, string> = this.opts.apiKey
      ? { authorization: `Apikey ${this.opts.apiKey}` }
      : {};
    const socket = this.opts.socketFactory(this.opts.url, headers, {
      onOpen: () => {
        if (this.socket !== socket) return;
        this.open = true;
        this.armDeadline();
        this.sync();
      },
      onMessage: (text) => {
        if (this.socket === socket) this.handle(classifyFrame(text));
      },
      onClose: (code, reason) => {
        if (this.socket === socket) this.closed(code, reason);
      },
    });
    this.socket = socket;
  }

  private handle(frame: StreamFrame): void {
    if (frame.kind === 'ticker' || frame.kind === 'ohlc') this.opts.onData(frame);
    else if (frame.kind === 'heartbeat') this.armDeadline();
    else if (frame.kind === 'welcome') {
      this.attempts = 0;
      this.penaltyMs = 0;
      this.opts.onEvent({ type: 'connected' });
    } else if (frame.kind === 'error') this.errorFrame(frame);
    else if (frame.kind === 'invalid') this.opts.onEvent({ type: 'invalid_frame', reason: frame.reason });
  }

  private errorFrame(frame: Extract<StreamFrame, { kind: 'error' }>): void {
    this.opts.onEvent({
      type: 'error_frame',
      code: frame.type,
      message: frame.message,
      parameter: frame.parameter,
    });
    const { message, parameter } = frame;
    if (message === 'INVALID_SUB' || message.startsWith('TOO_MANY_SUBSCRIPTIONS')) {
      // The server will not serve it on this key: stop asking until the wanted set changes.
      if (parameter && this.active.delete(parameter)) this.refused.add(parameter);
      return;
    }
    if (message === 'SUBSCRIPTION_ALREADY_ACTIVE' || message === 'SUBSCRIPTION_UNRECOGNIZED') return;
    if (frame.type === '429') this.penaltyMs = SOCKET_LIMIT_WAIT_MS;
    if (frame.type === '401') this.penaltyMs = this.opts.reconnectMaxMs;
    if (frame.type === '401' || frame.type === '429' || message === 'FORCE_DISCONNECT') this.socket?.close();
  }

  private sync(): void {
    const socket = this.socket;
    if (!socket || !this.open) return;
    const remove = [...this.active].filter((s) => !this.desired.has(s));
    for (const s of remove) this.active.delete(s);
    if (remove.length > 0) socket.send(JSON.stringify({ action: 'SubRemove', subs: remove }));
    const wanted = [...this.desired].filter((s) => !this.active.has(s) && !this.refused.has(s));
    const room = Math.max(0, this.opts.maxSubscriptions - this.active.size);
    const add = wanted.slice(0, room);
    const dropped = wanted.length - add.length;
    if (dropped !== this.overLimit) {
      this.overLimit = dropped;
      if (dropped > 0) this.opts.onEvent({ type: 'subscriptions_over_limit', dropped });
    }
    if (add.length === 0) return;
    this.opts.onSubscribing(add);
    for (const s of add) this.active.add(s);
    socket.send(JSON.stringify({ action: 'SubAdd', subs: add }));
  }

  private closed(code: number, reason: string): void {
    this.socket = null;
    this.open = false;
    this.active.clear();
    this.refused.clear();
    this.overLimit = 0;
    this.clearTimer('deadTimer');
    this.opts.onDisconnected();
    this.opts.onEvent({ type: 'disconnected', code, reason: reason.slice(0, 100), expected: this.stopped });
    if (this.stopped) return;
    this.attempts += 1;
    const backoff = retryDelayMs(this.attempts, {
      baseMs: this.opts.reconnectMinMs,
      maxMs: this.opts.reconnectMaxMs,
    });
    const now = this.timers.now();
    const at = Math.max(
      this.lastAttemptAt + this.opts.reconnectMinMs,
      now + Math.max(backoff, this.penaltyMs),
    );
    this.opts.onEvent({ type: 'reconnect_scheduled', inMs: at - now });
    this.reconnectTimer = this.timers.setTimeout(() => this.connect(), at - now);
  }

  /** Two missed heartbeats (plus grace) without a heartbeat frame: the connection is dead. */
  private armDeadline(): void {
    this.clearTimer('deadTimer');
    this.deadTimer = this.timers.setTimeout(
      () => {
        this.deadTimer = null;
        this.opts.onEvent({ type: 'heartbeat_missed' });
        this.socket?.close();
      },
      2 * this.opts.heartbeatMs + this.opts.heartbeatGraceMs,
    );
  }

  private clearTimer(name: 'reconnectTimer' | 'deadTimer'): void {
    if (this[name] !== null) this.timers.clearTimeout(this[name]);
    this[name] = null;
  }
}
