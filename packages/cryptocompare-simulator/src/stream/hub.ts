import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import type { Clock } from '../clock';
import type { EventSink } from '../events';
import type { Faults } from '../faults';
import { apiKeyOf, parseUrl } from '../http-util';
import type { Market } from '../market/market';
import { createRandom, hash32 } from '../market/random';
import type { RateLimiter } from '../rate-limiter';
import * as control from './control-frames';
import { StreamSession } from './session';

export type HubOptions = {
  market: Market;
  clock: Clock;
  faults: Faults;
  notify: EventSink;
  seed: number;
  apiKey: string | undefined;
  maxSocketsPerKey: number;
  maxSubsPerSocket: number;
  heartbeatMs: number;
  /** Socket openings per caller (second … month), as announced in the welcome frame. */
  openLimiter: RateLimiter;
};

const socketIdAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The v2 streamer at /v2: admission (key, opening rate, sockets per key), then one session each. */
export class StreamHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly sessions = new Map<WebSocket, { session: StreamSession; caller: string }>();
  private readonly rng;
  private readonly startedAt: number;
  private readonly unsubscribeMarket: () => void;
  private nextSocket = 1;

  constructor(private readonly options: HubOptions) {
    this.rng = createRandom(`${options.seed}:sockets`);
    this.startedAt = options.clock.now();
    this.unsubscribeMarket = options.market.on((event) => {
      for (const { session } of this.sessions.values()) session.onMarketEvent(event);
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = parseUrl(req.url);
    socket.on('error', () => socket.destroy());
    if (!url || (url.pathname !== '/v2' && url.pathname !== '/v2/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.admit(ws, req, url));
  }

  socketCount(): number {
    return this.sessions.size;
  }

  /** Cuts every socket without a close handshake (what a client sees when the network drops). */
  dropAll(): number {
    const count = this.sessions.size;
    for (const ws of [...this.sessions.keys()]) ws.terminate();
    return count;
  }

  async close(): Promise<void> {
    this.unsubscribeMarket();
    for (const ws of [...this.sessions.keys()]) ws.close(1001, 'server stopping');
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private admit(ws: WebSocket, req: IncomingMessage, url: URL): void {
    ws.on('error', () => ws.terminate());
    const key = apiKeyOf(req.headers, url.searchParams);
    const caller = key ?? `ip:${req.socket.remoteAddress ?? 'unknown'}`;
    const refusal = this.refusal(key, caller);
    if ('frame' in refusal) {
      this.options.notify({ event: 'ws.refused', reason: refusal.reason });
      ws.send(JSON.stringify(refusal.frame), () => ws.close(1008, refusal.reason));
      return;
    }
    const { opening, active } = refusal;
    const id = `s${this.nextSocket++}`;
    const session = new StreamSession(ws, id, {
      market: this.options.market,
      clock: this.options.clock,
      faults: this.options.faults,
      notify: this.options.notify,
      heartbeatMs: this.options.heartbeatMs,
      maxSubsPerSocket: this.options.maxSubsPerSocket,
      maxBufferedBytes: 16 * 1024 * 1024,
    });
    this.sessions.set(ws, { session, caller });
    ws.on('message', (data) => {
      try {
        session.handleMessage(data);
      } catch (error) {
        this.options.notify({ event: 'ws.message_failed', socket: id, error: String(error) });
      }
    });
    ws.on('close', (code) => {
      session.close();
      this.sessions.delete(ws);
      this.options.notify({ event: 'ws.closed', socket: id, code });
    });
    const now = this.options.clock.now();
    ws.send(
      JSON.stringify(
        control.welcome({
          uptimeSeconds: Math.floor((now - this.startedAt) / 1000),
          serverTimeMs: now,
          clientId: hash32(caller) % 10_000_000,
          socketId: Array.from({ length: 20 }, () => this.rng.pick([...socketIdAlphabet])).join(''),
          socketsActive: active + 1,
          socketsRemaining: Math.max(0, this.options.maxSocketsPerKey - active - 1),
          max: opening.maxCalls,
          made: opening.callsMade,
        }),
      ),
    );
    this.options.notify({ event: 'ws.connected', socket: id, sockets: this.sessions.size });
  }

  /** Why a new socket is refused, or the admission numbers the welcome frame reports. */
  private refusal(key: string | undefined, caller: string) {
    if (this.options.apiKey !== undefined && key !== this.options.apiKey) {
      return { frame: control.unauthorized(), reason: 'unauthorized' };
    }
    const opening = this.options.openLimiter.hit(caller);
    if (!opening.allowed) return { frame: control.openingTooFast(), reason: 'opening_too_fast' };
    const active = [...this.sessions.values()].filter((entry) => entry.caller === caller).length;
    if (active >= this.options.maxSocketsPerKey) {
      return { frame: control.tooManySockets(this.options.maxSocketsPerKey), reason: 'too_many_sockets' };
    }
    return { opening, active };
  }
}
