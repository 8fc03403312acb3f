import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import type { EventSink } from '../events';
import type { Faults } from '../faults';
import { apiKeyOf } from '../http-util';
import type { Market, MarketEvent } from '../market/market';
import { aggregateMarket } from '../market/symbols';

export type CoinDeskStreamerOptions = {
  market: Market;
  faults: Faults;
  notify: EventSink;
  apiKey: string | undefined;
};

const maxInstruments = 100;
const INSTRUMENT = /^([A-Z0-9]{1,15})-([A-Z0-9]{1,15})$/;

type Session = { market: string | null; instruments: Set<string>; timer: NodeJS.Timeout };

/**
 * The CoinDesk data-streamer at `/coindesk/streamer` (apps/producer/src/sources/coindesk/FACTS.md):
 * both subscription syntaxes (`SUBSCRIBE` + `instruments`, `SUB_ADD` + `subscriptions`), one
 * `TYPE "1101"` index tick per simulated index trade. The key in `Authorization: Apikey` (or
 * `?api_key=`); a wrong key is refused at the handshake with HTTP 401. Acknowledgement, heartbeat
 * and error messages are CONSTRUCTED (`TYPE "4005"`/`"4000"`/`"4xx"`): the real ones are unconfirmed.
 * The stream faults (drop sockets, silence, heartbeats off) apply as on the other feeds.
 */
export class CoinDeskStreamerHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly sessions = new Map<WebSocket, Session>();
  private readonly stopMarket: () => void;

  constructor(private readonly o: CoinDeskStreamerOptions) {
    this.stopMarket = o.market.on((event) => this.onMarket(event));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const key = apiKeyOf(req.headers, url.searchParams);
    if (this.o.apiKey !== undefined && key !== this.o.apiKey) {
      this.o.notify({ event: 'ws.rejected', socket: 'coindesk', reason: 'unauthorized' });
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
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
    const session: Session = {
      market: null,
      instruments: new Set(),
      timer: setInterval(() => {
        if (this.o.faults.heartbeatsEnabled()) this.send(ws, { TYPE: '4000', MESSAGE: 'HEARTBEAT' });
      }, 1_000),
    };
    this.sessions.set(ws, session);
    ws.on('message', (data) => this.onMessage(ws, session, String(data)));
    ws.on('close', () => {
      clearInterval(session.timer);
      this.sessions.delete(ws);
      this.o.notify({ event: 'ws.closed', socket: 'coindesk', code: 1000 });
    });
    this.o.notify({ event: 'ws.connected', socket: 'coindesk', sockets: this.sessions.size });
  }

  private onMessage(ws: WebSocket, session: Session, text: string): void {
    const refused = this.subscribe(session, text);
    if (refused) this.send(ws, { TYPE: '4xx', MESSAGE: 'SUBSCRIBE_ERROR', REASON: refused });
    else this.send(ws, { TYPE: '4005', MESSAGE: 'SUBSCRIBE_COMPLETE' });
  }

  /** Adds the message's instruments (either syntax); the reason when it is refused. */
  private subscribe(session: Session, text: string): string | null {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return 'malformed JSON';
    }
    const wanted: Array<{ market: unknown; instrument: unknown }> = [];
    if (
      msg.action === 'SUBSCRIBE' &&
      msg.type === 'index_cc_v1_latest_tick' &&
      Array.isArray(msg.instruments)
    )
      for (const instrument of msg.instruments) wanted.push({ market: msg.market, instrument });
    else if (msg.action === 'SUB_ADD' && msg.type === '1101' && Array.isArray(msg.subscriptions))
      for (const s of msg.subscriptions as Array<Record<string, unknown>>)
        wanted.push({ market: s?.market, instrument: s?.instrument });
    else return 'bad subscribe message';
    if (wanted.length === 0 || wanted.length > maxInstruments) return 'bad subscribe message';
    for (const w of wanted) {
      if (w.market !== 'cadli' && w.market !== 'ccix') return 'unknown market';
      const m = typeof w.instrument === 'string' ? INSTRUMENT.exec(w.instrument) : null;
      if (!m?.[1] || !m[2] || !this.o.market.activate(aggregateMarket, m[1], m[2]))
        return 'unknown instrument';
      session.market = w.market;
      session.instruments.add(`${m[1]}-${m[2]}`);
    }
    return null;
  }

  private onMarket(event: MarketEvent): void {
    if (event.kind !== 'tick' || event.market !== aggregateMarket) return;
    const instrument = `${event.base}-${event.quote}`;
    for (const [ws, session] of this.sessions) {
      if (!session.instruments.has(instrument)) continue;
      const snap = event.snapshot();
      this.send(ws, {
        TYPE: '1101',
        MARKET: session.market,
        INSTRUMENT: instrument,
        CCSEQ: Number(snap.lastTradeId),
        VALUE: snap.price,
        VALUE_FLAG: snap.flags & 1 ? 'UP' : snap.flags & 2 ? 'DOWN' : 'UNCHANGED',
        VALUE_LAST_UPDATE_TS: snap.lastUpdate,
        VALUE_LAST_UPDATE_TS_NS: 0,
        CURRENT_HOUR_OPEN: snap.openHour,
        CURRENT_HOUR_HIGH: snap.highHour,
        CURRENT_HOUR_LOW: snap.lowHour,
        CURRENT_DAY_OPEN: snap.openDay,
        CURRENT_DAY_HIGH: snap.highDay,
        CURRENT_DAY_LOW: snap.lowDay,
        MOVING_24_HOUR_VOLUME: snap.volume24h,
        MOVING_24_HOUR_QUOTE_VOLUME: snap.volume24hTo,
      });
    }
  }

  private send(ws: WebSocket, body: unknown): void {
    if (ws.readyState !== ws.OPEN || this.o.faults.streamSilent()) return;
    ws.send(JSON.stringify(body));
  }
}
