import type { PriceTick } from '@mdp/contracts/market-data';
import { retryDelayMs } from '@mdp/runtime/retry';
import { isFields } from '../../cryptocompare/field-values';
import type { Pair } from '../../pairs';
import type { SocketFactory, SocketLike } from '../../stream/socket';
import { instrument, parseLatestTick } from './parse';

/** FACTS.md: `subscribe` is what 2024–2025 clients send, `sub_add` the 2023 SDK; which is current is unconfirmed. */
export type StreamerSyntax = 'subscribe' | 'sub_add';

export type StreamerEvent =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'streaming' }
  | { kind: 'disconnected'; code: number; reconnectInMs: number }
  | { kind: 'control'; type: string }
  | { kind: 'dead' };

export type StreamerOptions = {
  url: string;
  apiKey: string | undefined;
  syntax: StreamerSyntax;
  /** Index family, lower case as the API spells it (`cadli`, `ccix`). */
  market: string;
  pairs: readonly Pair[];
  /** No message at all for this long = dead socket. */
  deadAfterMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  socketFactory: SocketFactory;
  onTick(tick: PriceTick): void;
  onSkipped(reason: string): void;
  onEvent(event: StreamerEvent): void;
};

const MAX_FRAME_CHARS = 64 * 1024;
const GROUPS = ['VALUE', 'LAST_UPDATE', 'CURRENT_HOUR', 'CURRENT_DAY', 'MOVING_24_HOUR'];
/** TYPE of an index tick message (FACTS.md; `CryptoCompareLTD/sdk` ws/message.go). */
export const INDEX_TICK_TYPE = '1101';

/** The subscribe message in the chosen syntax (both from FACTS.md; neither confirmed current). */
export function subscribeMessage(syntax: StreamerSyntax, market: string, pairs: readonly Pair[]): string {
  const instruments = pairs.map(instrument);
  return JSON.stringify(
    syntax === 'subscribe'
      ? { action: 'SUBSCRIBE', type: 'index_cc_v1_latest_tick', market, instruments, groups: GROUPS }
      : {
          action: 'SUB_ADD',
          type: INDEX_TICK_TYPE,
          groups: GROUPS,
          subscriptions: instruments.map((i) => ({ market, instrument: i })),
        },
  );
}

/**
 * The CoinDesk data-streamer: one socket, the key only in the `Authorization` header, the index
 * instruments subscribed on open. "Streaming" means a tick arrived (the acknowledgement's shape is
 * unconfirmed), so REST snapshots stop only once data really flows. Reconnects spaced like the
 * other feeds; any silence of `deadAfterMs` closes the socket.
 */
export class CoinDeskStreamer {
  private socket: SocketLike | null = null;
  private running = false;
  private streaming = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private deadTimer: NodeJS.Timeout | null = null;
  private readonly byInstrument: Map<string, Pair>;

  constructor(private readonly o: StreamerOptions) {
    this.byInstrument = new Map(o.pairs.map((p) => [instrument(p), p]));
  }

  start(): void {
    if (this.running || this.o.pairs.length === 0) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clear();
    const socket = this.socket;
    this.socket = null;
    this.streaming = false;
    socket?.close();
  }

  isStreaming(): boolean {
    return this.streaming;
  }

  private connect(): void {
    this.attempt++;
    this.o.onEvent({ kind: 'connecting', attempt: this.attempt });
    const headers: Record<string, string> = { 'user-agent': 'mdp-producer' };
    if (this.o.apiKey) headers.authorization = `Apikey ${this.o.apiKey}`;
    const socket = this.o.socketFactory(this.o.url, headers, {
      onOpen: () => {
        socket.send(subscribeMessage(this.o.syntax, this.o.market, this.o.pairs));
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
    });
    this.socket = socket;
  }

  private message(text: string): void {
    const skipped = this.read(text);
    if (skipped) this.o.onSkipped(skipped);
  }

  /** Handles one frame; the skip reason when it carried nothing usable. */
  private read(text: string): string | null {
    if (text.length > MAX_FRAME_CHARS) return 'too_large';
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return 'invalid_json';
    }
    if (!isFields(msg)) return 'not_object';
    if (msg.TYPE !== INDEX_TICK_TYPE) {
      // Welcome, acknowledgements, heartbeats, errors: their shapes are unconfirmed. Only a bounded
      // numeric TYPE is reported, never the server's words.
      const type = typeof msg.TYPE === 'string' && /^\d{1,5}$/.test(msg.TYPE) ? msg.TYPE : 'unknown';
      this.o.onEvent({ kind: 'control', type });
      return null;
    }
    if (typeof msg.MARKET !== 'string' || msg.MARKET.toLowerCase() !== this.o.market)
      return 'missing_identity';
    const pair = typeof msg.INSTRUMENT === 'string' ? this.byInstrument.get(msg.INSTRUMENT) : undefined;
    if (!pair) return 'unknown_pair';
    const parsed = parseLatestTick(msg, pair, 'stream');
    if (!parsed.ok) return parsed.reason;
    if (!this.streaming) {
      this.streaming = true;
      this.attempt = 0;
      this.o.onEvent({ kind: 'streaming' });
    }
    this.o.onTick(parsed.value);
    return null;
  }

  private closed(code: number): void {
    this.socket = null;
    this.streaming = false;
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
      this.socket?.close();
    }, this.o.deadAfterMs);
  }

  private clear(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.deadTimer) clearTimeout(this.deadTimer);
    this.reconnectTimer = null;
    this.deadTimer = null;
  }
}
