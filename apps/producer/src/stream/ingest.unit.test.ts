import { StreamIngest } from './ingest';

const counters = () => {
  const c = { accepted: 0, skipped: [] as string[], overflow: 0 };
  return {
    c,
    counters: {
      accepted: () => void c.accepted++,
      skipped: (_k: string, reason: string) => void c.skipped.push(reason),
      overflow: (n: number) => {
        c.overflow += n;
      },
    },
  };
};
const id = { TYPE: '5', MARKET: 'CCCAGG', FROMSYMBOL: 'BTC', TOSYMBOL: 'USD', FLAGS: 4 };
const snapshot = {
  ...id,
  PRICE: 100,
  LASTUPDATE: 1_700_000_000,
  LASTTRADEID: '1',
  VOLUMEDAY: 5,
  OPENDAY: 90,
};

describe('StreamIngest', () => {
  it('yields correctly merged ticks from a snapshot and partial updates', () => {
    const { counters: k } = counters();
    const ingest = new StreamIngest(100, k);
    ingest.handle({ kind: 'ticker', channel: '5~CCCAGG~BTC~USD', fields: snapshot });
    ingest.handle({
      kind: 'ticker',
      channel: '5~CCCAGG~BTC~USD',
      fields: { ...id, PRICE: 101, LASTUPDATE: 1_700_000_001, LASTTRADEID: '2' },
    });
    ingest.handle({ kind: 'ticker', channel: '5~CCCAGG~BTC~USD', fields: { ...id, VOLUMEDAY: 6 } });
    const { ticks } = ingest.drain();
    expect(ticks.map((t) => [t.price, t.tradeId, t.volumeDay, t.openDay])).toEqual([
      [100, '1', 5, 90],
      [101, '2', 5, 90],
      [101, '2', 6, 90],
    ]);
    expect(ingest.size()).toBe(0);
  });

  it('after a resubscribe a partial frame alone cannot make a tick', () => {
    const { c, counters: k } = counters();
    const ingest = new StreamIngest(100, k);
    ingest.handle({ kind: 'ticker', channel: '5~CCCAGG~BTC~USD', fields: snapshot });
    ingest.resetChannels(['5~CCCAGG~BTC~USD']);
    ingest.handle({ kind: 'ticker', channel: '5~CCCAGG~BTC~USD', fields: { ...id, VOLUMEDAY: 6 } });
    expect(c.skipped).toEqual(['bad_price']);
  });

  it('keeps only the newest revision of a minute and signals when data arrives', () => {
    const { counters: k } = counters();
    const ingest = new StreamIngest(100, k);
    let signals = 0;
    ingest.onData(() => signals++);
    const candle = {
      TYPE: '24',
      MARKET: 'CCCAGG',
      FROMSYMBOL: 'BTC',
      TOSYMBOL: 'USD',
      TS: 1_700_000_040,
      UNIT: 'm',
      OPEN: 1,
      HIGH: 2,
      LOW: 1,
      CLOSE: 1.5,
      VOLUMEFROM: 1,
      VOLUMETO: 1.5,
    };
    ingest.handle({ kind: 'ohlc', fields: candle });
    ingest.handle({ kind: 'ohlc', fields: { ...candle, CLOSE: 1.8 } });
    expect(signals).toBe(1);
    expect(ingest.drain().candles.map((x) => x.close)).toEqual([1.8]);
  });

  it('bounds the buffer, dropping the oldest tick', () => {
    const { c, counters: k } = counters();
    const ingest = new StreamIngest(2, k);
    for (let i = 0; i < 3; i++)
      ingest.handle({ kind: 'ticker', channel: 'c', fields: { ...snapshot, PRICE: 100 + i } });
    expect(ingest.drain().ticks.map((t) => t.price)).toEqual([101, 102]);
    expect(c.overflow).toBe(1);
  });
});
