import type { Logger } from '@mdp/runtime/logger';
import type { RawData, WebSocket } from 'ws';
import { type HistoryAccess, openWithHistory } from '../history/open-with-history';
import { ApiError, toApiError } from '../http/api-error';
import { deliveryMeter, type GatewayMetrics } from '../metrics';
import type { ClientRegistry } from '../streams/clients';
import type { OpenedStream, StreamHandlers, StreamOpener } from '../streams/opener';
import { parseStreamRequest, type StreamRequest } from '../streams/request';
import { encodePosition } from '../topics/position';
import { createClientGuard } from './client-guard';
import { type ClientFrame, CloseCodes, parseClientFrame } from './frames';
import { pumpSubscriptions, type WsSubscription } from './pump';
import type { FrameLimiter } from './rate-limit';
import { WsSocket } from './socket';

export type WsDeps = {
  opener: StreamOpener;
  clients: ClientRegistry;
  metrics: GatewayMetrics;
  logger: Logger;
  frameLimiter: FrameLimiter;
  highWaterBytes: number;
  maxMalformedFrames: number;
  pingIntervalMs: number;
  newId(): string;
  /** The history database, for subscriptions with `snapshot` (absent: refused with 503). */
  history?: HistoryAccess;
};

/**
 * One WebSocket: several subscriptions share the socket, written round-robin while the socket's
 * buffer is under the high-water mark; a backpressured socket is never awaited, its cursors apply
 * their policy. Typed JSON frames both ways; bad frames get an error frame, abuse gets a close code.
 * Every callback of this client runs through `guard`: a throw closes this client (1011), never the
 * gateway or another client.
 */
export class WsConnection {
  private readonly subs = new Map<string, WsSubscription>();
  private readonly socket: WsSocket;
  private readonly admit: () => 'ok' | 'socket' | 'app';
  private closed = false;
  private malformed = 0;
  /** Runs a callback of this client so that a throw ends this client only (1011). */
  private readonly guard: ReturnType<typeof createClientGuard>['guard'];
  private readonly fail: (e: unknown) => void;

  constructor(
    ws: WebSocket,
    private readonly appId: string,
    private readonly releaseConnection: () => void,
    private readonly deps: WsDeps,
  ) {
    ({ guard: this.guard, fail: this.fail } = createClientGuard({
      appId,
      logger: deps.logger,
      metrics: deps.metrics,
      closeInternal: () => this.close(CloseCodes.internalError, 'internal error'),
      terminate: () => ws.terminate(),
    }));
    this.admit = deps.frameLimiter.forSocket(appId);
    this.socket = new WsSocket(ws, {
      highWaterBytes: deps.highWaterBytes,
      pingIntervalMs: deps.pingIntervalMs,
      metrics: deps.metrics,
      guard: this.guard,
      onDrain: () => this.pump(),
      onDead: (reason) => this.cleanup(reason),
      onOverflow: () => this.close(CloseCodes.policyViolation, 'outbound buffer full'),
    });
    const onMessage = (data: RawData, isBinary: boolean) => this.onMessage(data, isBinary);
    const onPing = (data: Buffer) => this.admitted() && this.socket.answerPing(data);
    const onPong = (data: Buffer) => this.admitted() && this.socket.onPong(data);
    const onClose = (code: number) => this.cleanup(closeReason(code));
    const onError = (e: Error) => deps.logger.debug({ err: e, appId }, 'websocket error');
    ws.on('message', this.guard(onMessage)).on('ping', this.guard(onPing)).on('pong', this.guard(onPong));
    ws.on('close', this.guard(onClose)).on('error', this.guard(onError));
    this.socket.send(JSON.stringify({ type: 'welcome', appId }));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.cleanup(reason);
    this.socket.close(code, reason);
  }

  /** Inbound frames (text, ping, pong) spend tokens of this socket's and this app's buckets. */
  private admitted(): boolean {
    if (this.closed) return false;
    const verdict = this.admit();
    if (verdict === 'ok') return true;
    const limit = verdict === 'socket' ? 'this WebSocket' : `app ${this.appId}`;
    this.socket.refuse(undefined, new ApiError(429, 'rate_limited', `${limit} sent too many frames`));
    this.close(CloseCodes.policyViolation, 'rate limited');
    return false;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (!this.admitted()) return;
    if (isBinary) {
      this.close(CloseCodes.unsupportedData, 'binary frames are not supported');
      return;
    }
    const parsed = parseClientFrame(data.toString());
    if (!parsed.ok) {
      this.malformed += 1;
      this.socket.refuse(
        undefined,
        new ApiError(400, parsed.error.code, parsed.error.message, parsed.error.issues),
      );
      if (this.malformed >= this.deps.maxMalformedFrames)
        this.close(CloseCodes.policyViolation, 'too many malformed frames');
      return;
    }
    this.handle(parsed.value);
  }

  private handle(frame: ClientFrame): void {
    switch (frame.type) {
      case 'ping':
        // Only the validated token goes back, never the frame.
        this.socket.send(
          JSON.stringify(frame.data === undefined ? { type: 'pong' } : { type: 'pong', data: frame.data }),
        );
        return;
      case 'unsubscribe':
        this.unsubscribe(frame.id);
        return;
      case 'subscribe':
        this.subscribe(frame).catch((e: unknown) => this.fail(e));
    }
  }

  private async subscribe(frame: Extract<ClientFrame, { type: 'subscribe' }>): Promise<void> {
    const { id, type: _type, snapshot: snapshotCount, ...fields } = frame;
    if (this.subs.has(id))
      return this.socket.refuse(id, new ApiError(409, 'duplicate_id', `subscription ${id} exists`));
    let release: () => void;
    let request: StreamRequest;
    try {
      request = parseStreamRequest(fields);
      release = this.deps.clients.reserveSubscription(this.appId);
    } catch (e) {
      return this.socket.refuse(id, toApiError(e));
    }
    const sub: WsSubscription = { cancelled: false, meter: deliveryMeter(this.deps.metrics, 'ws'), release };
    this.subs.set(id, sub);
    let stream: OpenedStream;
    const handlers: StreamHandlers = {
      onReadable: this.guard(() => this.pump()),
      onSlow: this.guard((reason) =>
        this.close(
          reason === 'slow_consumer' ? CloseCodes.policyViolation : CloseCodes.internalError,
          reason,
        ),
      ),
      onFailure: this.guard((e: ApiError) => {
        this.socket.refuse(id, e);
        this.unsubscribe(id, false);
      }),
    };
    try {
      const open = (r: StreamRequest) => this.deps.opener(r, this.appId, handlers);
      const opened = await openWithHistory(open, request, snapshotCount, this.deps.history);
      stream = opened.stream;
      sub.snapshot = opened.plan;
    } catch (e) {
      // The opener's refusals (unknown topic, expired position, coordinator said no): an error frame.
      if (this.subs.get(id) === sub) this.subs.delete(id);
      release();
      return this.socket.refuse(id, toApiError(e));
    }
    // From here on a throw is the gateway's fault: the stream belongs to the sub, cleanup closes it.
    sub.stream = stream;
    if (sub.cancelled || this.closed) return stream.close();
    const removeInfo = this.deps.clients.add({
      id: this.deps.newId(),
      appId: this.appId,
      topic: stream.topic,
      transport: 'ws',
      depth: () => stream.cursor.pending(),
      close: this.guard((reason: string) => {
        this.socket.send(JSON.stringify({ type: 'unsubscribed', id, reason }));
        this.unsubscribe(id, false);
      }),
    });
    sub.release = () => {
      removeInfo();
      release();
    };
    this.socket.send(
      JSON.stringify({
        type: 'subscribed',
        id,
        topic: stream.topic,
        spec: stream.spec,
        position: encodePosition(stream.start),
      }),
    );
    if (sub.snapshot?.loaded)
      this.socket.send(JSON.stringify({ type: 'snapshot', id, ...sub.snapshot.loaded }));
    this.pump();
  }

  private unsubscribe(id: string, confirm = true): void {
    const sub = this.subs.get(id);
    if (!sub) {
      if (confirm) this.socket.refuse(id, new ApiError(404, 'unknown_subscription', `no subscription ${id}`));
      return;
    }
    this.subs.delete(id);
    sub.cancelled = true;
    sub.stream?.close();
    sub.release();
    if (confirm) this.socket.send(JSON.stringify({ type: 'unsubscribed', id, reason: 'client' }));
  }

  private pump(): void {
    pumpSubscriptions(this.socket, this.subs, () => this.closed);
  }

  private cleanup(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.stop();
    const subs = [...this.subs.values()];
    this.subs.clear();
    // Each release on its own: one failing must not leak the others' slots.
    for (const sub of subs)
      this.guard(() => {
        sub.cancelled = true;
        sub.stream?.close();
        sub.release();
      })();
    this.releaseConnection();
    this.deps.metrics.disconnects.inc({ transport: 'ws', reason });
  }
}

function closeReason(code: number): string {
  if (code === CloseCodes.messageTooBig) return 'frame_too_big';
  if (code === CloseCodes.invalidPayload) return 'invalid_payload';
  return 'client_closed';
}
