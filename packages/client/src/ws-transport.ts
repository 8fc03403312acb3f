import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { isRetryable, MdpError } from './errors.js';
import { buildUrl, type ClientContext } from './http.js';
import type { MessageStream } from './message-stream.js';
import { type StreamOptions, type StreamTarget, startOf, targetOf } from './stream-options.js';
import type { GapEvent, Snapshot } from './types.js';

type Subscription = {
  id: string;
  target: StreamTarget;
  options: StreamOptions;
  stream: MessageStream<unknown>;
  /** Failed subscribes in a row (backoff of this subscription alone). */
  attempt: number;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
};

type Frame = { type: string; id?: string; [k: string]: unknown };

const NORMAL_CLOSURE = 1000;

/**
 * One WebSocket shared by every WebSocket stream of a client. It opens with the first
 * subscription and closes after the last; when it drops, it reconnects with capped, jittered
 * backoff and subscribes every stream again from its last position.
 */
export class WsConnection {
  private socket: WebSocket | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private welcomed = false;
  private opening = false;
  private lastFrameAt = 0;
  private watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly ctx: ClientContext) {}

  subscribe<E>(target: StreamTarget, options: StreamOptions, stream: MessageStream<E>): void {
    const sub: Subscription = {
      id: `s${this.nextId++}`,
      target,
      options,
      stream: stream as MessageStream<unknown>,
      attempt: 0,
      retryTimer: undefined,
    };
    this.subscriptions.set(sub.id, sub);
    stream.onClose = () => this.unsubscribe(sub);
    if (this.socket?.readyState === 1 && this.welcomed) this.sendSubscribe(sub);
    else if (!this.socket && !this.reconnectTimer) void this.open();
  }

  private unsubscribe(sub: Subscription): void {
    clearTimeout(sub.retryTimer);
    this.subscriptions.delete(sub.id);
    if (this.socket?.readyState === 1) this.send({ type: 'unsubscribe', id: sub.id });
    if (this.subscriptions.size > 0) return;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.watchdog);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(NORMAL_CLOSURE);
  }

  private async open(): Promise<void> {
    if (this.opening) return;
    this.opening = true;
    await this.ctx.auth.ready();
    this.opening = false;
    if (this.socket || this.subscriptions.size === 0) return;
    const WebSocketClass = this.ctx.WebSocket;
    if (!WebSocketClass) {
      const error = new Error(
        'no WebSocket in this runtime: pass createClient({ WebSocket }) (e.g. from the ws package)',
      );
      for (const sub of [...this.subscriptions.values()]) sub.stream.fail(error);
      return;
    }
    const [name, value] = this.ctx.auth.wsParam();
    const url = buildUrl(this.ctx.url.replace(/^http/, 'ws'), 'v1/ws', { [name]: value });
    const socket = new WebSocketClass(url.toString());
    this.socket = socket;
    this.welcomed = false;
    this.lastFrameAt = Date.now();
    this.watchdog = setInterval(
      () => this.checkAlive(socket),
      Math.max(1, Math.floor(this.ctx.idleTimeoutMs / 3)),
    );
    socket.onmessage = (event) => {
      if (socket !== this.socket || typeof event.data !== 'string') return;
      this.lastFrameAt = Date.now();
      this.onFrame(JSON.parse(event.data) as Frame);
    };
    socket.onclose = (event) => {
      if (socket === this.socket) this.onDropped(event.code, event.reason);
    };
    // A close event follows every error; the handler is there so that the ws package (an
    // EventEmitter) does not throw an unheard 'error'.
    socket.onerror = () => {};
  }

  private onFrame(frame: Frame): void {
    if (frame.type === 'welcome') {
      this.welcomed = true;
      this.attempt = 0;
      for (const sub of this.subscriptions.values()) this.sendSubscribe(sub);
      return;
    }
    const sub = frame.id === undefined ? undefined : this.subscriptions.get(frame.id);
    if (!sub) return;
    const { stream } = sub;
    switch (frame.type) {
      case 'subscribed':
        sub.attempt = 0;
        stream.topic = frame.topic as string;
        stream.position = frame.position as string;
        stream.setState('open');
        return;
      case 'data':
        for (const data of frame.messages as unknown[])
          stream.push({ topic: frame.topic as string, position: frame.position as string, data });
        return;
      case 'snapshot': {
        const { seam, kind, data } = frame as unknown as Snapshot;
        stream.snapshot({ topic: stream.topic as string, seam, kind, data });
        return;
      }
      case 'gap': {
        const { from, to, dropped, conflated } = frame as unknown as GapEvent;
        stream.gap({ topic: frame.topic as string, from, to, dropped, conflated });
        return;
      }
      case 'unsubscribed':
        this.retry(
          sub,
          new MdpError(0, String(frame.reason), `the gateway ended the subscription: ${frame.reason}`),
        );
        return;
      case 'error': {
        const { status, code, message, id: _id, type: _type, ...details } = frame;
        this.retry(sub, new MdpError(Number(status), String(code), String(message), details));
        return;
      }
    }
  }

  /** A subscription the gateway ended or refused: subscribe it again later, or end it. */
  private retry(sub: Subscription, error: MdpError): void {
    if (!isRetryable(error)) {
      sub.stream.fail(error);
      return;
    }
    sub.stream.emit('error', error);
    sub.stream.setState('reconnecting');
    const backoff = sub.options.backoff ?? DEFAULT_BACKOFF;
    sub.retryTimer = setTimeout(
      () => {
        sub.retryTimer = undefined;
        if (this.socket?.readyState === 1 && this.welcomed) this.sendSubscribe(sub);
      },
      backoffDelay(sub.attempt++, backoff),
    );
  }

  /** Pings a quiet socket (the gateway answers `pong`); one silent for `idleTimeoutMs` is dropped. */
  private checkAlive(socket: WebSocket): void {
    if (socket !== this.socket) return;
    const silentMs = Date.now() - this.lastFrameAt;
    if (silentMs >= this.ctx.idleTimeoutMs) {
      socket.close();
      this.onDropped(0, 'idle timeout');
    } else if (silentMs >= this.ctx.idleTimeoutMs / 3 && socket.readyState === 1) {
      this.send({ type: 'ping' });
    }
  }

  private onDropped(code: number, reason: string): void {
    clearInterval(this.watchdog);
    this.socket = undefined;
    const renew = !this.welcomed && this.ctx.auth.usesToken;
    const error = new MdpError(
      0,
      'socket_closed',
      `the WebSocket closed (${code}${reason ? ` ${reason}` : ''})`,
    );
    for (const sub of this.subscriptions.values()) {
      clearTimeout(sub.retryTimer);
      sub.stream.emit('error', error);
      sub.stream.setState('reconnecting');
    }
    if (this.subscriptions.size === 0) return;
    const backoff = [...this.subscriptions.values()][0]?.options.backoff ?? DEFAULT_BACKOFF;
    this.reconnectTimer = setTimeout(
      async () => {
        // A socket refused before its welcome may carry an expired token.
        if (renew) await this.ctx.auth.renew().catch(() => false);
        this.reconnectTimer = undefined;
        if (this.subscriptions.size > 0 && !this.socket) void this.open();
      },
      backoffDelay(this.attempt++, backoff),
    );
  }

  private sendSubscribe(sub: Subscription): void {
    const { options, stream } = sub;
    sub.stream.setState(stream.position === undefined && sub.attempt === 0 ? 'connecting' : 'reconnecting');
    this.send({
      type: 'subscribe',
      id: sub.id,
      ...targetOf(sub.target, stream.topic),
      ...startOf(options, stream.position),
      ...(options.policy ? { policy: options.policy } : {}),
    });
  }

  private send(frame: Frame): void {
    this.socket?.send(JSON.stringify(frame));
  }
}
