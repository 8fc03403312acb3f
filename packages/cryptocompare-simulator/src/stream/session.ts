import type { RawData, WebSocket } from 'ws';
import type { Clock } from '../clock';
import { every } from '../clock';
import type { EventSink } from '../events';
import type { Faults } from '../faults';
import type { Market, MarketEvent } from '../market/market';
import { aggregateMarket } from '../market/symbols';
import { parseClientMessage } from './client-message';
import type { Frame } from './control-frames';
import * as control from './control-frames';
import { candleFrame, indexFrame, partialFrame, tickerFrame, tradeFrame } from './data-frames';
import type { Channel } from './subscription';
import { channelKey, parseSub } from './subscription';

export type SessionDeps = {
  market: Market;
  clock: Clock;
  faults: Faults;
  notify: EventSink;
  heartbeatMs: number;
  maxSubsPerSocket: number;
  /** A client that stops reading is cut off once this much is queued. */
  maxBufferedBytes: number;
};

type Subscription = { channel: Channel; sub: string; last?: Frame };

/** One streamer socket: its subscriptions, per-subscription last state (for partials), heartbeats. */
export class StreamSession {
  private readonly subs = new Map<string, Subscription>();
  private readonly stopHeartbeat: () => void;

  constructor(
    private readonly ws: WebSocket,
    readonly id: string,
    private readonly deps: SessionDeps,
  ) {
    this.stopHeartbeat = every(deps.clock, deps.heartbeatMs, () => {
      if (deps.faults.heartbeatsEnabled()) this.send(control.heartbeat(deps.clock.now()), 'control');
    });
  }

  subscriptionCount(): number {
    return this.subs.size;
  }

  handleMessage(data: RawData): void {
    const message = parseClientMessage(data);
    if (!message.ok) this.send(message.error, 'control');
    else if (message.action === 'SubAdd') this.add(message.subs);
    else this.remove(message.subs);
  }

  onMarketEvent(event: MarketEvent): void {
    if (this.subs.size === 0 || event.kind === 'activated') return;
    if (event.kind === 'candle') {
      if (this.subs.has(channelKey('24', event.market, event.base, event.quote))) {
        this.send(candleFrame(event.market, event.base, event.quote, event.action, event.candle), 'data');
      }
      return;
    }
    const type = event.market === aggregateMarket ? '5' : '2';
    const ticker = this.subs.get(channelKey(type, event.market, event.base, event.quote));
    if (ticker) this.sendTicker(ticker, event.snapshot());
    if (type === '2' && this.subs.has(channelKey('0', event.market, event.base, event.quote))) {
      this.send(tradeFrame(event.snapshot()), 'data');
    }
  }

  close(): void {
    this.stopHeartbeat();
    this.subs.clear();
  }

  private add(subs: readonly string[]): void {
    for (const sub of subs) {
      const parsed = parseSub(sub, this.deps.market.universe);
      if (!parsed.ok) {
        this.send(control.errorFrame('500', 'INVALID_SUB', sub, parsed.info), 'control');
        continue;
      }
      const { channel } = parsed;
      if (this.subs.has(channel.key)) {
        this.send(
          control.errorFrame(
            '500',
            'SUBSCRIPTION_ALREADY_ACTIVE',
            sub,
            'You are already subscribed to this.',
          ),
          'control',
        );
        continue;
      }
      if (this.subs.size >= this.deps.maxSubsPerSocket) {
        this.send(control.tooManySubscriptions(this.deps.maxSubsPerSocket, sub), 'control');
        continue;
      }
      const subscription: Subscription = { channel, sub };
      this.subs.set(channel.key, subscription);
      this.deps.market.activate(channel.market, channel.base, channel.quote);
      this.sendFirstPayload(subscription);
      this.send(control.subscribeComplete(sub), 'control');
      this.deps.notify({ event: 'ws.subscribed', socket: this.id, sub: channel.key });
    }
    this.send(control.loadComplete(), 'control');
  }

  private remove(subs: readonly string[]): void {
    const targets = subs.includes('*') ? [...this.subs.values()].map((s) => s.sub) : subs;
    let valid = 0;
    let invalid = 0;
    for (const sub of targets) {
      const parsed = parseSub(sub, this.deps.market.universe);
      const key = parsed.ok ? parsed.channel.key : sub;
      if (!this.subs.delete(key)) {
        invalid += 1;
        this.send(
          control.errorFrame(
            '500',
            'SUBSCRIPTION_UNRECOGNIZED',
            sub,
            'You are not receiving updates on this subscription.',
          ),
          'control',
        );
        continue;
      }
      valid += 1;
      this.send(control.unsubscribeComplete(sub), 'control');
      this.deps.notify({ event: 'ws.unsubscribed', socket: this.id, sub: key });
    }
    this.send(control.unsubscribeAllComplete(valid, invalid), 'control');
  }

  /** "Subscription done and first payload sent": full state, current candle, or recent trades. */
  private sendFirstPayload(subscription: Subscription): void {
    const { type, market, base, quote } = subscription.channel;
    if (type === '24') {
      const candle = this.deps.market.currentMinute(market, base, quote);
      if (candle) this.send(candleFrame(market, base, quote, candle.trades > 0 ? 'A' : 'I', candle), 'data');
    } else if (type === '0') {
      for (const trade of this.deps.market.recentTrades(market, base, quote))
        this.send(tradeFrame(trade), 'data');
    } else {
      const snap = this.deps.market.snapshot(market, base, quote);
      if (snap) this.sendTicker(subscription, snap);
    }
  }

  private sendTicker(subscription: Subscription, snap: Parameters<typeof indexFrame>[0]): void {
    const full = subscription.channel.type === '5' ? indexFrame(snap) : tickerFrame(snap);
    const frame = subscription.last ? partialFrame(full, subscription.last) : full;
    // Only what the client could read counts as known to it; the next partial repeats the rest.
    if (this.send(frame, 'data')) subscription.last = full;
  }

  /** Sends a frame unless a fault swallows or breaks it; true when the client got it intact. */
  private send(frame: Frame, kind: 'control' | 'data'): boolean {
    if (this.ws.readyState !== this.ws.OPEN || this.deps.faults.streamSilent()) return false;
    if (this.ws.bufferedAmount > this.deps.maxBufferedBytes) {
      this.deps.notify({ event: 'ws.slow_consumer', socket: this.id, bufferedBytes: this.ws.bufferedAmount });
      this.ws.terminate();
      return false;
    }
    const text = JSON.stringify(frame);
    const broken = kind === 'data' && this.deps.faults.takeStreamMalformed();
    this.ws.send(broken ? text.slice(0, Math.floor(text.length / 2)) : text);
    return !broken;
  }
}
