import type { PriceTick } from '@mdp/contracts/market-data';
import { retryDelayMs } from '@mdp/runtime/retry';
import { isFields } from '../../cryptocompare/field-values';
import type { Pair } from '../../pairs';
import type { SocketFactory, SocketLike } from '../../stream/socket';
import { parseTickerMessage, productId } from './parse';

export type FeedEvent =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'subscribed'; products: number }
  | { kind: 'disconnected'; code: number; reconnectInMs: number }
  | { kind: 'server_error'; reason: string }
  | { kind: 'dead' };

export type FeedOptions = {
  url: string;
  products: readonly Pair[];
  /** No message at all for this long (heartbeats come every second per product) = dead socket. */
  deadAfterMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  socketFactory: SocketFactory;
  onTick(tick: PriceTick): void;
  onSkipped(reason: string): void;
  onEvent(event: FeedEvent): void;
};

const MAX_FRAME_CHARS = 64 * 1024;

/**
 * The Coinbase Exchange WebSocket feed: `ticker` and `heartbeat` channels of the configured products,
 * one socket, subscribed on open (the server closes sockets that do not subscribe within 5 s),
 * reconnected with capped backoff never sooner than `reconnectMinMs`.
 */
export class CoinbaseFeed {
  private socket: SocketLike | null = null;
  private running = false;
  private connected = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private deadTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: FeedOptions) {}

  start(): void {
    if (this.running || this.o.products.length === 0) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clear();
    const socket = this.socket;
    this.socket = null;
    this.connected = false;
    socket?.close();
  }

  isConnected(): boolean {
    return this.connected;
  }

  private connect(): void {
    this.attempt++;
    this.o.onEvent({ kind: 'connecting', attempt: this.attempt });
    const socket = this.o.socketFactory(
      this.o.url,
      { 'user-agent': 'mdp-producer' },
      {
        onOpen: () => {
          socket.send(
            JSON.stringify({
              type: 'subscribe',
              product_ids: this.o.products.map(productId),
              channels: ['ticker', 'heartbeat'],
            }),
          );
          this.armDead();
        },
        onMessage: (text) => {
          if (this.socket !== socket) return;
          this.armDead();
          this.message(text);
        },
        onClose: (code) => {
          if (this.socket !== socket) return;
          this.closed(code);
        },
      },
    );
    this.socket = socket;
  }

  private message(text: string): void {
    if (text.length > MAX_FRAME_CHARS) {
      this.o.onSkipped('too_large');
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.o.onSkipped('invalid_json');
      return;
    }
    if (!isFields(msg)) {
      this.o.onSkipped('not_object');
      return;
    }
    switch (msg.type) {
      case 'ticker': {
        const parsed = parseTickerMessage(msg);
        if (parsed.ok) this.o.onTick(parsed.value);
        else this.o.onSkipped(parsed.reason);
        return;
      }
      case 'subscriptions':
        if (!this.connected) {
          this.connected = true;
          this.attempt = 0;
          this.o.onEvent({ kind: 'subscribed', products: this.o.products.length });
        }
        return;
      case 'heartbeat':
        return;
      case 'error':
        // The server's words are outside text: only a bounded, known-safe reason is reported.
        this.o.onEvent({
          kind: 'server_error',
          reason: typeof msg.message === 'string' ? msg.message.slice(0, 80) : 'unknown',
        });
        return;
      default:
        this.o.onSkipped('unknown_type');
    }
  }

  private closed(code: number): void {
    this.socket = null;
    this.connected = false;
    this.clear();
    if (!this.running) return;
    const delay = Math.max(
      this.o.reconnectMinMs,
      retryDelayMs(this.attempt, { baseMs: this.o.reconnectMinMs, maxMs: this.o.reconnectMaxMs }),
    );
    this.o.onEvent({ kind: 'disconnected', code, reconnectInMs: delay });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.running) this.connect();
    }, delay);
  }

  private armDead(): void {
    if (this.deadTimer) clearTimeout(this.deadTimer);
    this.deadTimer = setTimeout(() => {
      this.deadTimer = null;
      this.o.onEvent({ kind: 'dead' });
      const socket = this.socket;
      if (!socket) return;
      socket.close();
    }, this.o.deadAfterMs);
  }

  private clear(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.deadTimer) clearTimeout(this.deadTimer);
    this.reconnectTimer = null;
    this.deadTimer = null;
  }
}
