import type { Logger } from '@mdp/runtime/logger';
import type { RawData, WebSocket } from 'ws';
import { ApiError, toApiError } from './api-error';
import type { ClientRegistry } from './clients';
import type { GatewayMetrics } from './metrics';
import { encodePosition } from './position';
import { gapEvent } from './sse-stream';
import type { OpenedStream, StreamOpener } from './stream-opener';
import { parseStreamRequest, type StreamRequest } from './stream-request';
import { type ClientFrame, CloseCodes, parseClientFrame } from './ws-frames';

export type WsDeps = {
  opener: StreamOpener;
  clients: ClientRegistry;
  metrics: GatewayMetrics;
  logger: Logger;
  highWaterBytes: number;
  maxMalformedFrames: number;
  pingIntervalMs: number;
  newId(): string;
};

type Sub = {
  stream?: OpenedStream;
  cancelled: boolean;
  requestedAt: number;
  firstSent: boolean;
  release: () => void;
};

const CHUNK = 500;

/**
 * One WebSocket: several subscriptions share the socket, written round-robin while the socket's
 * buffer is under the high-water mark; a backpressured socket is never awaited, its cursors apply
 * their policy. Typed JSON frames both ways; bad frames get an error frame, abuse gets a close code.
 */
export class WsConnection {
  private readonly subs = new Map<string, Sub>();
  private closed = false;
  private malformed = 0;
  private alive = true;
  private waitingDrain = false;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly appId: string,
    private readonly releaseConnection: () => void,
    private readonly deps: WsDeps,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code) =>
      this.cleanup(code === CloseCodes.messageTooBig ? 'frame_too_big' : 'client_closed'),
    );
    ws.on('error', (e) => deps.logger.debug({ err: e, appId }, 'websocket error'));
    ws.on('pong', () => {
      this.alive = true;
    });
    this.pinger = setInterval(() => {
      if (!this.alive) return this.terminate('ping_timeout');
      this.alive = false;
      ws.ping();
    }, deps.pingIntervalMs);
    this.sendFrame(JSON.stringify({ type: 'welcome', appId }));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.cleanup(reason);
    this.ws.close(code, reason);
  }

  private terminate(reason: string): void {
    this.cleanup(reason);
    this.ws.terminate();
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
      this.refuse(undefined, new ApiError(400, parsed.error.code, parsed.error.message, parsed.error.issues));
      if (this.malformed >= this.deps.maxMalformedFrames)
        this.close(CloseCodes.policyViolation, 'too many malformed frames');
      return;
    }
    this.handle(parsed.value);
  }

  private handle(frame: ClientFrame): void {
    switch (frame.type) {
      case 'ping':
        this.sendFrame(
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
    const { id, type: _type, ...fields } = frame;
    if (this.subs.has(id))
      return this.refuse(id, new ApiError(409, 'duplicate_id', `subscription ${id} exists`));
    let release: () => void;
    let request: StreamRequest;
    try {
      request = parseStreamRequest(fields);
      release = this.deps.clients.reserveSubscription(this.appId);
    } catch (e) {
      return this.refuse(id, toApiError(e));
    }
    const sub: Sub = { cancelled: false, requestedAt: performance.now(), firstSent: false, release };
    this.subs.set(id, sub);
    try {
      const stream = await this.deps.opener(request, this.appId, {
        onReadable: () => this.pump(),
        onSlow: (reason) =>
          this.close(
            reason === 'slow_consumer' ? CloseCodes.policyViolation : CloseCodes.internalError,
            reason,
          ),
        onFailure: (e: ApiError) => {
          this.refuse(id, e);
          this.unsubscribe(id, false);
        },
      });
      if (sub.cancelled || this.closed) return stream.close();
      sub.stream = stream;
      const removeInfo = this.deps.clients.add({
        id: this.deps.newId(),
        appId: this.appId,
        topic: stream.topic,
        transport: 'ws',
        depth: () => stream.cursor.pending(),
        close: (reason) => {
          this.sendFrame(JSON.stringify({ type: 'unsubscribed', id, reason }));
          this.unsubscribe(id, false);
        },
      });
      sub.release = () => {
        removeInfo();
        release();
      };
      this.sendFrame(
        JSON.stringify({
          type: 'subscribed',
          id,
          topic: stream.topic,
          spec: stream.spec,
          position: encodePosition(stream.start),
        }),
      );
      this.pump();
    } catch (e) {
      this.subs.delete(id);
      release();
      this.refuse(id, toApiError(e));
    }
  }

  private unsubscribe(id: string, confirm = true): void {
    const sub = this.subs.get(id);
    if (!sub) {
      if (confirm) this.refuse(id, new ApiError(404, 'unknown_subscription', `no subscription ${id}`));
      return;
    }
    this.subs.delete(id);
    sub.cancelled = true;
    sub.stream?.close();
    sub.release();
    if (confirm) this.sendFrame(JSON.stringify({ type: 'unsubscribed', id, reason: 'client' }));
  }

  private pump(): void {
    if (this.closed) return;
    const hwm = this.deps.highWaterBytes;
    let progressed = true;
    while (progressed && this.ws.bufferedAmount < hwm) {
      progressed = false;
      for (const [id, sub] of this.subs) {
        if (!sub.stream) continue;
        const { cursor, topic } = sub.stream;
        const gap = cursor.takeGap();
        if (gap) {
          this.deps.metrics.skipped.inc(
            { transport: 'ws', reason: gap.conflated > 0 ? 'conflated' : 'dropped' },
            gap.dropped + gap.conflated,
          );
          this.sendFrame(
            `{"type":"gap","id":${JSON.stringify(id)},"topic":"${topic}",${gapEvent(gap).slice(1)}`,
          );
          progressed = true;
        }
        const entries = cursor.take(CHUNK);
        if (entries.length > 0) {
          const messages = entries.map((e) => e.json).join(',');
          const position = encodePosition(cursor.currentPosition());
          this.sendFrame(
            `{"type":"data","id":${JSON.stringify(id)},"topic":"${topic}","position":"${position}","messages":[${messages}]}`,
          );
          this.deps.metrics.delivered.inc({ transport: 'ws' }, entries.length);
          if (!sub.firstSent) {
            sub.firstSent = true;
            this.deps.metrics.firstMessage.observe(
              { transport: 'ws' },
              (performance.now() - sub.requestedAt) / 1000,
            );
          }
          progressed = true;
        }
        if (this.ws.bufferedAmount >= hwm) break;
      }
    }
    if (this.ws.bufferedAmount >= hwm) this.waitingDrain = true;
  }

  private sendFrame(text: string): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(text, this.afterSend);
  }

  private readonly afterSend = (e?: Error) => {
    if (e) return this.terminate('send_failed');
    if (this.waitingDrain && this.ws.bufferedAmount < this.deps.highWaterBytes / 2) {
      this.waitingDrain = false;
      this.pump();
    }
  };

  /** `{ type: 'error', id?, status, code, message, issues? , ...details }`: the HTTP answer as a frame. */
  private refuse(id: string | undefined, e: ApiError): void {
    this.deps.metrics.refused.inc({ status: String(e.status), code: e.code });
    this.sendFrame(
      JSON.stringify({
        type: 'error',
        ...(id === undefined ? {} : { id }),
        status: e.status,
        ...(e.toJSON().error as object),
      }),
    );
  }

  private cleanup(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pinger);
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
