import type { Logger } from '@mdp/runtime/logger';
import type { RawData, WebSocket } from 'ws';
import { ApiError, toApiError } from './api-error';
import type { ClientRegistry } from './clients';
import { type HistoryAccess, openWithHistory } from './history/open-with-history';
import type { SnapshotPlan } from './history/sse-snapshot';
import { type DeliveryMeter, deliveryMeter, type GatewayMetrics } from './metrics';
import { encodePosition } from './position';
import type { OpenedStream, StreamHandlers, StreamOpener } from './stream-opener';
import { parseStreamRequest, type StreamRequest } from './stream-request';
import { wsDataFrame, wsGapFrame } from './wire-format';
import { type ClientFrame, CloseCodes, parseClientFrame } from './ws-frames';
import { WsSocket } from './ws-socket';

export type WsDeps = {
  opener: StreamOpener;
  clients: ClientRegistry;
  metrics: GatewayMetrics;
  logger: Logger;
  highWaterBytes: number;
  maxMalformedFrames: number;
  pingIntervalMs: number;
  newId(): string;
  /** The history database, for subscriptions with `snapshot` (absent: refused with 503). */
  history?: HistoryAccess;
};

type Sub = {
  stream?: OpenedStream;
  cancelled: boolean;
  meter: DeliveryMeter;
  release: () => void;
  /** Set for a snapshot-then-live subscription: which live entries come after its seam. */
  snapshot?: SnapshotPlan;
};

const CHUNK = 500;

/**
 * One WebSocket: several subscriptions share the socket, written round-robin while the socket's
 * buffer is under the high-water mark; a backpressured socket is never awaited, its cursors apply
 * their policy. Typed JSON frames both ways; bad frames get an error frame, abuse gets a close code.
 */
export class WsConnection {
  private readonly subs = new Map<string, Sub>();
  private readonly socket: WsSocket;
  private closed = false;
  private malformed = 0;

  constructor(
    ws: WebSocket,
    private readonly appId: string,
    private readonly releaseConnection: () => void,
    private readonly deps: WsDeps,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code) =>
      this.cleanup(code === CloseCodes.messageTooBig ? 'frame_too_big' : 'client_closed'),
    );
    ws.on('error', (e) => deps.logger.debug({ err: e, appId }, 'websocket error'));
    this.socket = new WsSocket(ws, {
      highWaterBytes: deps.highWaterBytes,
      pingIntervalMs: deps.pingIntervalMs,
      metrics: deps.metrics,
      onDrain: () => this.pump(),
      onDead: (reason) => this.cleanup(reason),
    });
    this.socket.send(JSON.stringify({ type: 'welcome', appId }));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.cleanup(reason);
    this.socket.close(code, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
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
        this.socket.send(
          JSON.stringify({ type: 'pong', ...(frame.data === undefined ? {} : { data: frame.data }) }),
        );
        return;
      case 'unsubscribe':
        this.unsubscribe(frame.id);
        return;
      case 'subscribe':
        void this.subscribe(frame);
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
    const sub: Sub = { cancelled: false, meter: deliveryMeter(this.deps.metrics, 'ws'), release };
    this.subs.set(id, sub);
    try {
      const handlers: StreamHandlers = {
        onReadable: () => this.pump(),
        onSlow: (reason) =>
          this.close(
            reason === 'slow_consumer' ? CloseCodes.policyViolation : CloseCodes.internalError,
            reason,
          ),
        onFailure: (e: ApiError) => {
          this.socket.refuse(id, e);
          this.unsubscribe(id, false);
        },
      };
      const open = (r: StreamRequest) => this.deps.opener(r, this.appId, handlers);
      const { stream, plan: snapshot } = await openWithHistory(
        open,
        request,
        snapshotCount,
        this.deps.history,
      );
      sub.snapshot = snapshot;
      if (sub.cancelled || this.closed) return stream.close();
      sub.stream = stream;
      const removeInfo = this.deps.clients.add({
        id: this.deps.newId(),
        appId: this.appId,
        topic: stream.topic,
        transport: 'ws',
        depth: () => stream.cursor.pending(),
        close: (reason) => {
          this.socket.send(JSON.stringify({ type: 'unsubscribed', id, reason }));
          this.unsubscribe(id, false);
        },
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
      if (snapshot?.loaded) this.socket.send(JSON.stringify({ type: 'snapshot', id, ...snapshot.loaded }));
      this.pump();
    } catch (e) {
      this.subs.delete(id);
      release();
      this.socket.refuse(id, toApiError(e));
    }
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

  /** Round-robin over the subscriptions while the socket takes more; never waits for the socket. */
  private pump(): void {
    if (this.closed) return;
    let progressed = true;
    while (progressed && this.socket.hasRoom()) {
      progressed = false;
      for (const [id, sub] of this.subs) {
        if (!sub.stream) continue;
        const { cursor, topic } = sub.stream;
        const gap = cursor.takeGap();
        if (gap) {
          sub.meter.skipped(gap);
          this.socket.send(wsGapFrame(id, topic, gap));
        }
        const entries = cursor.take(CHUNK);
        const kept = sub.snapshot ? entries.filter(sub.snapshot.keep) : entries;
        if (kept.length > 0) {
          this.socket.send(wsDataFrame(id, topic, encodePosition(cursor.currentPosition()), kept));
          sub.meter.delivered(kept.length);
        }
        progressed ||= gap !== undefined || entries.length > 0;
        if (!this.socket.hasRoom()) break;
      }
    }
  }

  private cleanup(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.stop();
    for (const sub of this.subs.values()) {
      sub.cancelled = true;
      sub.stream?.close();
      sub.release();
    }
    this.subs.clear();
    this.releaseConnection();
    this.deps.metrics.disconnects.inc({ transport: 'ws', reason });
  }
}
