import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import type { Clock } from '../clock';
import type { EventSink } from '../events';
import type { Faults } from '../faults';
import type { Market, MarketEvent } from '../market/market';
import type { MarketSnapshot } from '../market/snapshot';
import { coinbaseMarket, productPair, tradeTime } from './shapes';

export type CoinbaseFeedOptions = { market: Market; clock: Clock; faults: Faults; notify: EventSink };

/** Coinbase closes a socket that has not subscribed within 5 s (FACTS.md). */
const subscribeWithinMs = 5_000;
const maxProducts = 100;

type Session = { products: Set<string>; sequence: number; timer: NodeJS.Timeout };

/**
 * Coinbase Exchange's WebSocket feed shapes at `/coinbase/ws`: `subscribe` to `ticker` and
 * `heartbeat`, one `ticker` per simulated trade of the Coinbase market, one heartbeat per product per
 * second. The stream faults (drop sockets, silence, heartbeats off) apply as on the CryptoCompare feed.
 */
export class CoinbaseFeedHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly sessions = new Map<WebSocket, Session>();
  private readonly stopMarket: () => void;

  constructor(private readonly o: CoinbaseFeedOptions) {
    this.stopMarket = o.market.on((event) => this.onMarket(event));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.admit(ws));
  }

  socketCount(): number {
    return this.sessions.size;
  }

  dropAll(): number {
    const count = this.sessions.size;
    for (const ws of [...this.sessions.keys()]) ws.terminate();
    return count;
  }

  async close(): Promise<void> {
    this.stopMarket();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private admit(ws: WebSocket): void {
    ws.on('error', () => ws.terminate());
    const deadline = setTimeout(() => {
      if ((this.sessions.get(ws)?.products.size ?? 0) === 0) ws.close(1008, 'no subscription');
    }, subscribeWithinMs);
    const session: Session = {
      products: new Set(),
      sequence: 0,
      timer: setInterval(() => this.heartbeats(ws, session), 1_000),
    };
    this.sessions.set(ws, session);
    ws.on('message', (data) => this.onMessage(ws, session, String(data)));
    ws.on('close', () => {
      clearTimeout(deadline);
      clearInterval(session.timer);
      this.sessions.delete(ws);
      this.o.notify({ event: 'ws.closed', socket: 'coinbase', code: 1000 });
    });
    this.o.notify({ event: 'ws.connected', socket: 'coinbase', sockets: this.sessions.size });
  }

  private onMessage(ws: WebSocket, session: Session, text: string): void {
    const refused = this.subscribe(session, text);
    if (refused) {
      this.send(ws, { type: 'error', message: 'Failed to subscribe', reason: refused });
      return;
    }
    const product_ids = [...session.products];
    this.send(ws, {
      type: 'subscriptions',
      channels: [
        { name: 'ticker', product_ids },
        { name: 'heartbeat', product_ids },
      ],
    });
  }

  /** Adds the message's products; the reason when it is refused. */
  private subscribe(session: Session, text: string): string | null {
    let msg: { type?: unknown; product_ids?: unknown; channels?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return 'malformed JSON';
    }
    const ids = Array.isArray(msg.product_ids) ? msg.product_ids : [];
    if (msg.type !== 'subscribe' || ids.length === 0 || ids.length > maxProducts)
      return 'bad subscribe message';
    for (const id of ids) {
      const pair = typeof id === 'string' ? productPair(id) : null;
      if (!pair || !this.o.market.activate(coinbaseMarket, pair.base, pair.quote)) return 'unknown product';
      session.products.add(`${pair.base}-${pair.quote}`);
    }
    return null;
  }

  private onMarket(event: MarketEvent): void {
    if (event.kind !== 'tick' || event.market !== coinbaseMarket) return;
    const product = `${event.base}-${event.quote}`;
    let snap: MarketSnapshot | null = null;
    for (const [ws, session] of this.sessions) {
      if (!session.products.has(product)) continue;
      snap ??= event.snapshot();
      this.send(ws, {
        type: 'ticker',
        sequence: ++session.sequence,
        product_id: product,
        price: String(snap.price),
        open_24h: String(snap.open24h),
        volume_24h: String(snap.volume24h),
        low_24h: String(snap.low24h),
        high_24h: String(snap.high24h),
        volume_30d: String(snap.volume24h * 30),
        best_bid: String(snap.price),
        best_bid_size: '1',
        best_ask: String(snap.price),
        best_ask_size: '1',
        side: snap.flags & 2 ? 'sell' : 'buy',
        time: tradeTime(snap.lastUpdate),
        trade_id: Number(snap.lastTradeId),
        last_size: String(snap.lastVolume),
      });
    }
  }

  private heartbeats(ws: WebSocket, session: Session): void {
    if (!this.o.faults.heartbeatsEnabled()) return;
    const time = new Date(this.o.clock.now()).toISOString();
    for (const product of session.products)
      this.send(ws, {
        type: 'heartbeat',
        sequence: ++session.sequence,
        last_trade_id: 0,
        product_id: product,
        time,
      });
  }

  private send(ws: WebSocket, body: unknown): void {
    if (ws.readyState !== ws.OPEN || this.o.faults.streamSilent()) return;
    ws.send(JSON.stringify(body));
  }
}
