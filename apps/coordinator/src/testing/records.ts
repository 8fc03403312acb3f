import type { RecordData } from '../tasks';

/** A registry record for unit tests; topic names only need to be distinct. */
export function testRecord(overrides: Partial<RecordData> = {}): RecordData {
  return {
    topic: 'dyn.ticks.usd-cccagg-btc.0123456789abcdef',
    spec: { kind: 'ticks', symbols: ['BTC'], quote: 'USD', market: 'CCCAGG', samplingMs: 0 },
    status: 'active',
    partitions: 3,
    retentionMs: 60_000,
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
    requestedBy: ['app'],
    lastRequestId: 'r0',
    reason: null,
    ...overrides,
  };
}
