import type { WebSocket } from 'ws';
import type { ApiError } from './api-error';
import type { GatewayMetrics } from './metrics';

export type WsSocketOptions = {
  highWaterBytes: number;
  pingIntervalMs: number;
  metrics: GatewayMetrics;
  /** The socket's buffer went under half the high-water mark after being full: write more. */
  onDrain(): void;
  /** No pong to the last ping, or a send failed: the socket was terminated. */
  onDead(reason: string): void;
};

/**
 * The sending side of one WebSocket: frames go out only while `bufferedAmount` is under the high-water
 * mark (send callbacks tell when it drained: nothing ever awaits the socket), pings detect dead peers.
 */
export class WsSocket {
  private full = false;
  private alive = true;
  private stopped = false;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: WsSocketOptions,
  ) {
    ws.on('pong', () => {
      this.alive = true;
    });
    this.pinger = setInterval(() => {
      if (this.alive) {
        this.alive = false;
        ws.ping();
        return;
      }
      this.terminate();
      opts.onDead('ping_timeout');
    }, opts.pingIntervalMs);
  }

  /** Can more be written now? When not, `onDrain` fires once the buffer has room again. */
  hasRoom(): boolean {
    if (this.ws.bufferedAmount < this.opts.highWaterBytes) return true;
    this.full = true;
    return false;
  }

  send(text: string): void {
    if (this.stopped || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(text, this.afterSend);
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

  private readonly afterSend = (e?: Error) => {
    if (e) {
      if (this.stopped) return;
      this.terminate();
      this.opts.onDead('send_failed');
      return;
    }
    if (this.full && this.ws.bufferedAmount < this.opts.highWaterBytes / 2) {
      this.full = false;
      this.opts.onDrain();
    }
  };
}
