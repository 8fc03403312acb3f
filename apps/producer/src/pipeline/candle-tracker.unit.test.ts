import { parsePair } from '../pairs';
import { makeCandle } from '../testing/test-data';
import { CandleTracker, MINUTE_RETENTION_MS } from './candle-tracker';

const M = 60_000;
const T = 1_700_000_040_000 - (1_700_000_040_000 % M);
const btc = parsePair('BTC-USD') ?? (null as never);

describe('CandleTracker', () => {
  it('start-up: resumes after the last published minute, up to the last closed minute', () => {
    const tracker = new CandleTracker();
    tracker.resume(btc, makeCandle({ start: T - 10 * M }), T + 30_000, 60 * M);
    expect(tracker.backfills()).toEqual([{ pair: btc, fromMs: T - 10 * M, toMs: T - M }]);
    // The resumed candle is known: fetched again unchanged it is not a repeat, revised it goes out.
    expect(tracker.filter([makeCandle({ start: T - 10 * M })]).fresh).toEqual([]);
    expect(tracker.filter([makeCandle({ start: T - 10 * M, close: 10.5 })]).fresh).toHaveLength(1);
  });

  it('start-up without history: the lookback, never beyond the 7 days the API keeps', () => {
    const tracker = new CandleTracker();
    tracker.resume(btc, null, T, 30 * 24 * 60 * M);
    expect(tracker.backfills()).toEqual([{ pair: btc, fromMs: T - MINUTE_RETENTION_MS, toMs: T - M }]);
  });

  it('a jump in the stream becomes a backfill range of exactly the missing minutes', () => {
    const tracker = new CandleTracker();
    tracker.commit(tracker.filter([makeCandle({ start: T })]).fresh);
    const out = tracker.filter([makeCandle({ start: T + 5 * M })]);
    expect(out.fresh).toHaveLength(1);
    expect(tracker.backfills()).toEqual([{ pair: btc, fromMs: T + M, toMs: T + 4 * M }]);
  });

  it('backfilled minutes in the same batch are not taken for a hole', () => {
    const tracker = new CandleTracker();
    tracker.filter([makeCandle({ start: T })]);
    tracker.filter([
      makeCandle({ start: T + 3 * M }),
      makeCandle({ start: T + 2 * M }),
      makeCandle({ start: T + M }),
    ]);
    expect(tracker.backfills()).toEqual([]);
  });

  it('drops a candle identical to the published one; revisions of the open minute go through', () => {
    const tracker = new CandleTracker();
    tracker.commit(tracker.filter([makeCandle({ start: T })]).fresh);
    expect(tracker.filter([makeCandle({ start: T })])).toEqual({ fresh: [], duplicates: 1 });
    expect(tracker.filter([makeCandle({ start: T, close: 10.5, high: 11 })]).fresh).toHaveLength(1);
  });

  it('settle removes the filled range, keeps what is still missing and ranges found meanwhile', () => {
    const tracker = new CandleTracker();
    tracker.resume(btc, makeCandle({ start: T - 100 * M }), T, 1000 * M);
    const [range] = tracker.backfills();
    if (!range) throw new Error('no range');
    // While the backfill runs the stream delivers T+5: minutes T..T+4 are a new hole.
    tracker.filter([makeCandle({ start: T + 5 * M })]);
    tracker.settle(range, T - 50 * M);
    expect(tracker.backfills()).toEqual([
      { pair: btc, fromMs: T - 100 * M, toMs: T - 50 * M },
      { pair: btc, fromMs: T, toMs: T + 4 * M },
    ]);
    tracker.settle({ pair: btc, fromMs: T - 100 * M, toMs: T - 50 * M }, null);
    expect(tracker.backfills()).toEqual([{ pair: btc, fromMs: T, toMs: T + 4 * M }]);
  });

  it('after a lost stream, the last minute is fetched again once a later minute arrives', () => {
    const tracker = new CandleTracker();
    tracker.commit(tracker.filter([makeCandle({ start: T, close: 10.2 })]).fresh);
    tracker.markUncertain();
    tracker.filter([makeCandle({ start: T })]);
    expect(tracker.backfills()).toEqual([]);
    tracker.filter([makeCandle({ start: T + M })]);
    expect(tracker.backfills()).toEqual([{ pair: btc, fromMs: T, toMs: T }]);
  });

  it('a pair without history whose first poll lands a minute after start: the start minute is backfilled', () => {
    // Start at T+58s: the backfill is planned up to T-1m, T is open. Rate limited, the pair's first
    // successful candle poll comes at T+1m+2s and fetches only the open minute T+1m (no lastStart yet);
    // its backfill lands after that. Minute T must not be left out.
    const tracker = new CandleTracker();
    tracker.resume(btc, null, T + 58_000, 30 * M);
    expect(tracker.backfills()).toEqual([{ pair: btc, fromMs: T - 30 * M, toMs: T - M }]);
    tracker.commit(tracker.filter([makeCandle({ start: T + M })]).fresh);
    expect(tracker.backfills()).toEqual([{ pair: btc, fromMs: T - 30 * M, toMs: T }]);
    const [range] = tracker.backfills();
    if (!range) throw new Error('no range');
    const filled = Array.from({ length: 31 }, (_, i) => makeCandle({ start: T - 30 * M + i * M }));
    tracker.settle(range, null);
    const out = tracker.filter(filled);
    expect(out.fresh.map((c) => c.start)).toContain(T);
    tracker.commit(out.fresh);
    expect(tracker.backfills()).toEqual([]);
    expect(tracker.lastStart(btc)).toBe(T + M);
  });

  it('a resumed pair whose first candle comes minutes later gets exactly the minutes in between', () => {
    const tracker = new CandleTracker();
    tracker.resume(btc, makeCandle({ start: T - 5 * M }), T + 10_000, 60 * M);
    tracker.filter([makeCandle({ start: T + 2 * M })]);
    expect(tracker.backfills()).toEqual([{ pair: btc, fromMs: T - 5 * M, toMs: T + M }]);
  });

  it('forget drops the pair and its pending ranges', () => {
    const tracker = new CandleTracker();
    tracker.resume(btc, null, T, 10 * M);
    tracker.forget(btc);
    expect(tracker.backfills()).toEqual([]);
    expect(tracker.lastStart(btc)).toBeNull();
  });
});
