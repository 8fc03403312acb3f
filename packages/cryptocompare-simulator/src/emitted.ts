// Ground truth for end-to-end tests: every tick the market produced and every minute it closed.
// A consumer downstream can check that what it published exists here, with the same values.

export type EmittedTick = {
  seq: number;
  market: string;
  pair: string;
  lastUpdate: number;
  price: number;
  lastTradeId: string;
  /** Simulator clock time of the tick, ms. */
  atMs: number;
};

export type EmittedCandle = {
  seq: number;
  market: string;
  pair: string;
  /** Minute start, unix seconds (as `time` in histominute and `TS` in type-24 frames). */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumefrom: number;
  volumeto: number;
  atMs: number;
};

export type EmittedQuery = {
  /** Only records with a larger sequence number (a cursor from `latestSeq`). */
  since?: number;
  /** Only records produced at or after this clock time, ms. */
  sinceMs?: number;
  pair?: string;
  market?: string;
  limit?: number;
};

type Recorded = { seq: number; atMs: number; pair: string; market: string };

export class EmittedLog {
  private seq = 0;
  private readonly tickRecords: EmittedTick[] = [];
  private readonly candleRecords: EmittedCandle[] = [];

  /** Keeps at most about `capacity` records of each kind; the oldest go first. */
  constructor(private readonly capacity = 200_000) {}

  recordTick(tick: Omit<EmittedTick, 'seq'>): void {
    this.seq += 1;
    push(this.tickRecords, { seq: this.seq, ...tick }, this.capacity);
  }

  recordCandle(candle: Omit<EmittedCandle, 'seq'>): void {
    this.seq += 1;
    push(this.candleRecords, { seq: this.seq, ...candle }, this.capacity);
  }

  latestSeq(): number {
    return this.seq;
  }

  ticks(query: EmittedQuery = {}): EmittedTick[] {
    return select(this.tickRecords, query);
  }

  candles(query: EmittedQuery = {}): EmittedCandle[] {
    return select(this.candleRecords, query);
  }

  clear(): void {
    this.tickRecords.length = 0;
    this.candleRecords.length = 0;
  }
}

function push<T>(records: T[], record: T, capacity: number): void {
  records.push(record);
  // Trim in chunks so recording stays O(1) amortised.
  if (records.length > capacity + Math.ceil(capacity / 10)) records.splice(0, records.length - capacity);
}

function select<T extends Recorded>(records: readonly T[], query: EmittedQuery): T[] {
  const out: T[] = [];
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  for (const record of records) {
    if (out.length >= limit) break;
    if (query.since !== undefined && record.seq <= query.since) continue;
    if (query.sinceMs !== undefined && record.atMs < query.sinceMs) continue;
    if (query.pair !== undefined && record.pair !== query.pair) continue;
    if (query.market !== undefined && record.market !== query.market) continue;
    out.push(record);
  }
  return out;
}
