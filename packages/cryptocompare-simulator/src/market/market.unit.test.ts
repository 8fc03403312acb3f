import { createManualClock } from '../clock';
import { EmittedLog } from '../emitted';
import { minuteMs } from './candle';
import { Market } from './market';
import { Universe } from './universe';

const start = Date.UTC(2025, 0, 6, 10, 0, 30);

function build(seed = 7) {
  const clock = createManualClock(start);
  const emitted = new EmittedLog();
  const market = new Market({
    universe: new Universe(),
    clock,
    emitted,
    seed,
    tickRate: 2,
    historyMinutes: 600,
  });
  return { clock, emitted, market };
}

function run(sim: ReturnType<typeof build>, seconds: number): void {
  for (let i = 0; i < seconds * 2; i++) {
    sim.clock.advance(500);
    sim.market.step();
  }
}

describe('Market', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = build(7);
    const b = build(7);
    const c = build(8);
    for (const sim of [a, b, c]) sim.market.activate('CCCAGG', 'BTC', 'USD');
    for (const sim of [a, b, c]) run(sim, 30);
    expect(a.emitted.ticks()).toEqual(b.emitted.ticks());
    expect(a.emitted.ticks().map((t) => t.price)).not.toEqual(c.emitted.ticks().map((t) => t.price));
  });

  it('gives the same ticks and history whether history is read early, late or never', () => {
    const early = build(11);
    const late = build(11);
    for (const sim of [early, late]) sim.market.activate('CCCAGG', 'BTC', 'USD');
    const deep = Math.floor(start / minuteMs) * minuteMs - 500 * minuteMs;
    const earlyMinute = early.market.minute('CCCAGG', 'BTC', 'USD', deep);
    run(early, 20);
    run(late, 20);
    expect(late.market.minute('CCCAGG', 'BTC', 'USD', deep)).toEqual(earlyMinute);
    expect(late.emitted.ticks()).toEqual(early.emitted.ticks());
  });

  it('records the opening state a snapshot serves before the first tick as emitted', () => {
    const sim = build();
    const opening = sim.market.activate('CCCAGG', 'SOL', 'USD');
    expect(opening).toBeDefined();
    const [first] = sim.emitted.ticks({ pair: 'SOL-USD', market: 'CCCAGG' });
    const snapshot = sim.market.snapshot('CCCAGG', 'SOL', 'USD');
    expect(first).toMatchObject({ price: snapshot?.price, lastTradeId: snapshot?.lastTradeId });
  });

  it('starts near the realistic level and never goes non-positive', () => {
    const sim = build();
    sim.market.activate('CCCAGG', 'ETH', 'USD');
    run(sim, 20);
    const prices = sim.emitted.ticks({ pair: 'ETH-USD' }).map((t) => t.price);
    expect(prices.length).toBe(41); // the opening state, then 40 ticks
    for (const price of prices) {
      expect(price).toBeGreaterThan(3200 * 0.9);
      expect(price).toBeLessThan(3200 * 1.1);
    }
  });

  it('closes candles that match the ticks of their minute and chain open to previous close', () => {
    const sim = build();
    sim.market.activate('CCCAGG', 'BTC', 'USD');
    sim.market.activate('Coinbase', 'BTC', 'USD');
    run(sim, 185);
    for (const market of ['CCCAGG', 'Coinbase']) {
      const candles = sim.emitted.candles({ market });
      const ticks = sim.emitted.ticks({ market });
      expect(candles.length).toBe(3);
      candles.forEach((candle, i) => {
        const inMinute = ticks.filter(
          (t) => t.atMs >= candle.time * 1000 && t.atMs < candle.time * 1000 + minuteMs,
        );
        const last = inMinute[inMinute.length - 1];
        expect(candle.close).toBe(last?.price);
        expect(candle.high).toBe(Math.max(candle.open, ...inMinute.map((t) => t.price)));
        const previous = candles[i - 1];
        if (previous) expect(candle.open).toBe(previous.close);
      });
    }
  });

  it('serves contiguous history whose last close is the first live open', () => {
    const sim = build();
    sim.market.activate('CCCAGG', 'SOL', 'USD');
    const current = sim.market.currentMinute('CCCAGG', 'SOL', 'USD');
    let previousClose: number | undefined;
    let empties = 0;
    for (let i = 600; i >= 1; i--) {
      const minute = sim.market.minute('CCCAGG', 'SOL', 'USD', (current?.start ?? 0) - i * minuteMs);
      if (!minute) throw new Error('missing minute');
      if (previousClose !== undefined) expect(minute.open).toBe(previousClose);
      if (minute.volumeFrom === 0) {
        empties += 1;
        expect([minute.high, minute.low, minute.close]).toEqual([minute.open, minute.open, minute.open]);
      }
      expect(minute.high).toBeGreaterThanOrEqual(Math.max(minute.open, minute.close));
      expect(minute.low).toBeLessThanOrEqual(Math.min(minute.open, minute.close));
      previousClose = minute.close;
    }
    expect(empties).toBeGreaterThan(0);
    expect(current?.open).toBe(previousClose);
  });

  it('keeps snapshot ranges consistent with the price', () => {
    const sim = build();
    sim.market.activate('CCCAGG', 'BTC', 'EUR');
    run(sim, 10);
    const snap = sim.market.snapshot('CCCAGG', 'BTC', 'EUR');
    if (!snap) throw new Error('no snapshot');
    expect(snap.high24h).toBeGreaterThanOrEqual(snap.price);
    expect(snap.low24h).toBeLessThanOrEqual(snap.price);
    expect(snap.highHour).toBeGreaterThanOrEqual(snap.price);
    expect(snap.volume24h).toBeGreaterThan(snap.volumeHour);
    expect(snap.lastUpdate).toBe(Math.floor(sim.clock.now() / 1000));
  });

  it('refuses pairs outside the universe', () => {
    const sim = build();
    expect(sim.market.activate('CCCAGG', 'FOO', 'USD')).toBeNull();
    expect(sim.market.activate('CCCAGG', 'BTC', 'BTC')).toBeNull();
    expect(sim.market.activate('NoSuchExchange', 'BTC', 'USD')).toBeNull();
  });
});
