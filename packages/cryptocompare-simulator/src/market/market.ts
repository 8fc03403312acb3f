import type { Clock } from '../clock';
import type { EmittedLog } from '../emitted';
import type { Candle } from './candle';
import { createRandom } from './random';
import { PairSeries } from './series';
import type { ExchangeView, MarketSnapshot } from './snapshot';
import { exchangeView, indexView, takeSnapshot, viewCandle } from './snapshot';
import { aggregateMarket, pairKey, roundPrice } from './symbols';
import type { Universe } from './universe';

export type CandleAction = 'A' | 'U' | 'I';

export type MarketEvent =
  | { kind: 'activated'; market: string; base: string; quote: string }
  | { kind: 'tick'; market: string; base: string; quote: string; snapshot: () => MarketSnapshot }
  | { kind: 'candle'; market: string; base: string; quote: string; action: CandleAction; candle: Candle };

export type MarketOptions = {
  universe: Universe;
  clock: Clock;
  emitted: EmittedLog;
  seed: number;
  tickRate: number;
  historyMinutes: number;
};

const recentTradesKept = 20;

type PairState = {
  series: PairSeries;
  views: Map<string, ExchangeView>;
  recentTrades: Map<string, MarketSnapshot[]>;
  flushedTrades: number;
};

/** The one market model behind REST and the stream: seeded walks per pair, advanced by the clock. */
export class Market {
  readonly universe: Universe;
  private readonly pairs = new Map<string, PairState>();
  private readonly listeners = new Set<(event: MarketEvent) => void>();

  constructor(private readonly options: MarketOptions) {
    this.universe = options.universe;
  }

  on(listener: (event: MarketEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts simulating a pair on a market (CCCAGG or an exchange); null when it does not exist. */
  activate(market: string, base: string, quote: string): ExchangeView | null {
    const name = this.universe.marketName(market);
    if (!name || !this.universe.pairExists(base, quote)) return null;
    const state = this.pairState(base, quote);
    let view = state.views.get(name);
    if (!view) {
      view = name === aggregateMarket ? indexView : exchangeView(this.options.seed, name, base, quote);
      state.views.set(name, view);
      state.recentTrades.set(name, []);
      this.emit({ kind: 'activated', market: name, base, quote });
    }
    return view;
  }

  activePairs(): { market: string; pair: string }[] {
    const out: { market: string; pair: string }[] = [];
    for (const [pair, state] of this.pairs)
      for (const market of state.views.keys()) out.push({ market, pair });
    return out;
  }

  /** One tick for every active pair at the clock's time (after closing any finished minutes). */
  step(): void {
    this.roll();
    const now = this.options.clock.now();
    for (const state of this.pairs.values()) {
      state.series.tick(now);
      for (const view of state.views.values()) this.announceTick(state, view, now);
    }
  }

  /** Closes finished minutes of every pair and opens the next ones (called at minute boundaries too). */
  roll(): void {
    const now = this.options.clock.now();
    for (const state of this.pairs.values()) {
      const closed = state.series.rollTo(now);
      if (closed.length === 0) continue;
      state.flushedTrades = 0;
      for (const view of state.views.values()) {
        for (const candle of closed) this.announceClosedCandle(state.series, view, candle, now);
        this.emitCandle(state.series, view, 'I', state.series.current);
      }
    }
  }

  /** Sends the in-progress minute of pairs that traded since the last flush (type-24 A/U frames). */
  flushCandles(): void {
    for (const state of this.pairs.values()) {
      const trades = state.series.current.trades;
      if (trades === state.flushedTrades) continue;
      const action: CandleAction = state.flushedTrades === 0 ? 'A' : 'U';
      state.flushedTrades = trades;
      for (const view of state.views.values())
        this.emitCandle(state.series, view, action, state.series.current);
    }
  }

  snapshot(market: string, base: string, quote: string): MarketSnapshot | null {
    const view = this.activate(market, base, quote);
    const state = this.pairs.get(pairKey(base, quote));
    if (!view || !state) return null;
    return takeSnapshot(state.series, this.universe.baseInfo(base), view);
  }

  /** Minute candle starting at `startMs` on a market, as the API would serve it. */
  minute(market: string, base: string, quote: string, startMs: number): Candle | undefined {
    const view = this.activate(market, base, quote);
    const candle = this.pairs.get(pairKey(base, quote))?.series.minuteAt(startMs);
    return view && candle ? viewCandle(view, candle) : undefined;
  }

  currentMinute(market: string, base: string, quote: string): Candle | undefined {
    const view = this.activate(market, base, quote);
    const series = this.pairs.get(pairKey(base, quote))?.series;
    return view && series ? viewCandle(view, series.current) : undefined;
  }

  /** The latest trades of an exchange pair, oldest first (type-0 subscriptions replay them). */
  recentTrades(market: string, base: string, quote: string): MarketSnapshot[] {
    return [...(this.pairs.get(pairKey(base, quote))?.recentTrades.get(market) ?? [])];
  }

  private pairState(base: string, quote: string): PairState {
    const key = pairKey(base, quote);
    const existing = this.pairs.get(key);
    if (existing) return existing;
    const rng = createRandom(`${this.options.seed}:${key}`);
    const profile = this.universe.pairProfile(base, quote);
    const series = new PairSeries({
      base,
      quote,
      ...profile,
      // Start a little off the round table level, so no two seeds open at the same price.
      startPrice: roundPrice(profile.startPrice * Math.exp(0.01 * rng.normal())),
      rng,
      historyRng: createRandom(`${this.options.seed}:${key}:history`),
      nowMs: this.options.clock.now(),
      tickRate: this.options.tickRate,
      historyMinutes: this.options.historyMinutes,
      lastMarkets: this.universe.exchanges(),
    });
    const state: PairState = { series, views: new Map(), recentTrades: new Map(), flushedTrades: 0 };
    this.pairs.set(key, state);
    // The opening state is served (a subscription's snapshot, a REST poll) before the pair's first
    // tick: it belongs to the ground truth, or a producer that publishes it looks like it invented it.
    this.options.emitted.recordTick({
      market: aggregateMarket,
      pair: key,
      lastUpdate: series.lastUpdate,
      price: series.price,
      lastTradeId: series.lastTradeId,
      atMs: this.options.clock.now(),
    });
    return state;
  }

  private announceTick(state: PairState, view: ExchangeView, now: number): void {
    const { series } = state;
    let memo: MarketSnapshot | undefined;
    const snapshot = (): MarketSnapshot => {
      memo ??= takeSnapshot(series, this.universe.baseInfo(series.base), view);
      return memo;
    };
    const pair = pairKey(series.base, series.quote);
    const tradeId =
      view.market === aggregateMarket ? series.lastTradeId : String(view.tradeIdBase + series.tradeSeq);
    const price = view.priceFactor === 1 ? series.price : snapshot().price;
    this.options.emitted.recordTick({
      market: view.market,
      pair,
      lastUpdate: series.lastUpdate,
      price,
      lastTradeId: tradeId,
      atMs: now,
    });
    if (view.market !== aggregateMarket) {
      const trades = state.recentTrades.get(view.market);
      trades?.push(snapshot());
      if (trades && trades.length > recentTradesKept) trades.shift();
    }
    this.emit({ kind: 'tick', market: view.market, base: series.base, quote: series.quote, snapshot });
  }

  private announceClosedCandle(series: PairSeries, view: ExchangeView, closed: Candle, now: number): void {
    const candle = viewCandle(view, closed);
    this.options.emitted.recordCandle({
      market: view.market,
      pair: pairKey(series.base, series.quote),
      time: candle.start / 1000,
      open: candle.open,
      high: candle.high,
      low: candle.low,
      close: candle.close,
      volumefrom: candle.volumeFrom,
      volumeto: candle.volumeTo,
      atMs: now,
    });
    this.emitCandle(series, view, 'U', closed);
  }

  private emitCandle(series: PairSeries, view: ExchangeView, action: CandleAction, candle: Candle): void {
    const scaled = viewCandle(view, candle);
    this.emit({
      kind: 'candle',
      market: view.market,
      base: series.base,
      quote: series.quote,
      action,
      candle: scaled,
    });
  }

  private emit(event: MarketEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
