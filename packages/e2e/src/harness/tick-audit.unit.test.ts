import type { StoredTick } from './database';
import type { EmittedTick } from './simulator-api';
import { auditTicks } from './tick-audit';

const emitted = (id: number, atMs: number, price = 100 + id): EmittedTick => ({
  seq: id,
  market: 'CCCAGG',
  pair: 'BTC-USD',
  lastUpdate: 1_700_000_000 + id,
  price,
  lastTradeId: String(id),
  atMs,
});
const stored = (e: EmittedTick, origin = 'stream', change: Partial<StoredTick> = {}): StoredTick => ({
  market: 'CCCAGG',
  base: 'BTC',
  quote: 'USD',
  ts: e.lastUpdate * 1000,
  tradeId: e.lastTradeId,
  price: e.price,
  origin,
  ingestedAt: e.atMs + 50,
  ...change,
});

const truth = [1, 2, 3, 4, 5, 6, 7, 8].map((id) => emitted(id, id * 1000));
const at = (id: number) => truth[id - 1] as EmittedTick;

describe('auditTicks', () => {
  test('a complete stream window passes; ticks before the stream started are not expected', () => {
    const rows = [stored(at(1), 'rest'), ...[4, 5, 6, 7].map((id) => stored(at(id)))];
    const a = auditTicks(truth, rows);
    expect(a).toMatchObject({
      expected: 4,
      found: 4,
      missing: [],
      duplicates: 0,
      unknown: [],
      mismatched: [],
    });
  });

  test('a hole inside the window is missing, unless it falls in a declared outage', () => {
    const rows = [3, 4, 7, 8].map((id) => stored(at(id)));
    expect(auditTicks(truth, rows).missing).toEqual(['CCCAGG:BTC-USD#5', 'CCCAGG:BTC-USD#6']);
    const declared = auditTicks(truth, rows, [{ fromMs: 5000, toMs: 6000 }]);
    expect(declared).toMatchObject({ missing: [], lostInOutages: 2, expected: 4 });
  });

  test('duplicates, other values and made-up ticks are all caught', () => {
    const rows = [
      stored(at(2)),
      stored(at(3)),
      stored(at(3), 'rest', { ts: at(3).lastUpdate * 1000 + 1 }),
      stored(at(4), 'stream', { price: 1 }),
      stored(emitted(99, 0)),
    ];
    const a = auditTicks(truth, rows);
    expect(a.duplicates).toBe(1);
    expect(a.mismatched).toHaveLength(1);
    expect(a.unknown).toEqual(['CCCAGG:BTC-USD#99']);
  });

  test('a round counts only ticks emitted from its start', () => {
    const rows = [2, 3, 4, 5, 6].map((id) => stored(at(id)));
    expect(auditTicks(truth, rows, [], 4000)).toMatchObject({ expected: 3, found: 3 });
  });
});
