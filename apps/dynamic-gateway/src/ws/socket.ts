import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ApiError } from '../http/api-error';
import type { GatewayMetrics } from '../metrics';

export type WsSocketOptions = {
  highWaterBytes: number;
  pingIntervalMs: number;
  metrics: GatewayMetrics;
  /** Wraps every callback this socket registers, so a throw in it closes this client only. */
  guard<A extends unknown[]>(handler: (...args: A) => void): (...args: A) => void;
  /** The socket's buffer went under half the high-water mark after being full: write more. */
  onDrain(): void;
  /** No pong to the last ping, or a send failed: the socket was terminated. */
  onDead(reason: string): void;
  /** A frame would take the socket's unsent bytes over `limitBytes`: the client must be closed. */
  onOverflow(): void;
};

/** Room for one message envelope beyond twice the high-water mark (data frames may overshoot it a little). */
const OVERSHOOT_BYTES = 16 * 1024;

/**
 * The sending side of one WebSocket. Every frame the gateway writes (data, gap, pong, error, welcome,
 * subscribed, unsubscribed) goes through `send`, which refuses to let the socket's unsent bytes pass
 * `limitBytes`: data is written only while under the high-water mark (nothing ever awaits the socket),
 * and a client that piles up control frames without reading is closed. Liveness: the gateway's own
 * ping carries a random token and only a pong with that token counts (unsolicited pongs do not).
 */
export class WsSocket {
  readonly limitBytes: number;
  private full = false;
  private stopped = false;
  /** The token of the ping not answered yet; undefined once answered. */
  private outstanding: string | undefined;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: WsSocketOptions,
  ) {
    this.limitBytes = 2 * opts.highWaterBytes + OVERSHOOT_BYTES;
    this.pinger = setInterval(
      opts.guard(() => this.pingOrBury()),
      opts.pingIntervalMs,
    );
  }

  /** Bytes of message JSON one data frame may carry: half the high-water mark. */
  get dataFrameBytes(): number {
    return Math.max(1, Math.floor(this.opts.highWaterBytes / 2));
  }

  /** Can more data be written now? When not, `onDrain` fires once the buffer has room again. */
  hasRoom(): boolean {
    if (this.ws.bufferedAmount < this.opts.highWaterBytes) return true;
    this.full = true;
    return false;
  }

  /** Queues one frame; false when the socket is stopped or the frame would pass the buffer limit. */
  send(text: string): boolean {
    if (this.stopped || this.ws.readyState !== this.ws.OPEN) return false;
    if (!this.fits(Buffer.byteLength(text))) return false;
    this.ws.send(text, this.afterSend);
    return true;
  }

  /** `{ type: 'error', id?, status, code, message, issues?, ...details }`: the HTTP answer as a frame. */
  refuse(id: string | undefined, e: ApiError): void {
    this.opts.metrics.refused.inc({ status: String(e.status), code: e.code });
    this.send(
      JSON.stringify({
        type: 'error',
        ...(id === undefined ? {} : { id }),
        status: e.status,
        ...(e.toJSON().error as object),
      }),
    );
  }

  /** A client's protocol-level ping: answered (RFC 6455 echoes its ≤125 bytes) within the same limit. */
  answerPing(data: Buffer): void {
    if (this.stopped || this.ws.readyState !== this.ws.OPEN) return;
    if (this.fits(data.length + 2)) this.ws.pong(data, false, this.afterSend);
  }

  /** A pong counts only when it carries the token of the gateway's outstanding ping. */
  onPong(data: Buffer): void {
    if (this.outstanding !== undefined && data.toString('latin1') === this.outstanding)
      this.outstanding = undefined;
  }

  close(code: number, reason: string): void {
    this.stop();
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.stop();
    this.ws.terminate();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.pinger);
  }

  private fits(bytes: number): boolean {
    if (this.ws.bufferedAmount + bytes <= this.limitBytes) return true;
    this.stop();
    this.opts.onOverflow();
    return false;
  }

  private pingOrBury(): void {
    if (this.stopped) return;
    if (this.outstanding !== undefined) {
      this.terminate();
      this.opts.onDead('ping_timeout');
      return;
    }
    this.outstanding = randomBytes(12).toString('hex');
    this.ws.ping(this.outstanding);
  }

  private readonly afterSend = (e?: Error) => {
    this.opts.guard(() => {
      if (e) {
        if (this.stopped) return;
        this.terminate();
        this.opts.onDead('send_failed');
        return;
      }
      if (this.full && !this.stopped && this.ws.bufferedAmount < this.opts.highWaterBytes / 2) {
        this.full = false;
        this.opts.onDrain();
      }
    })();
  };
}
