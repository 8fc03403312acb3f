import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataOf, parseLatestTick, parseMinuteRow } from './parse';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const cadli = (base: string, quote: string) => ({ market: 'CADLI', base, quote });

describe('coindesk latest/tick', () => {
  it('maps the real 2025 cadli answer (all groups) to a tick', () => {
    const data = dataOf(fixture('latest-tick-cadli-btc-usd-2025.json')) as Record<string, unknown>;
    const r = parseLatestTick(data['BTC-USD'], cadli('BTC', 'USD'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.value).toEqual({
      market: 'CADLI',
      base: 'BTC',
      quote: 'USD',
      price: 96353.9044445288,
      ts: 1740304364_843,
      tradeId: '612459939',
      lastVolume: 0.00055,
      lastVolumeTo: 52.9805588254605,
      volumeDay: 34542.0781712623,
      volumeDayTo: 3332072264.07171,
      volume24h: 102516.821252946,
      volume24hTo: 9901344321.23749,
      openDay: 96587.5388193773,
      highDay: 96691.296962515,
      lowDay: 96188.7171512824,
      open24h: 96504.0416746479,
      high24h: 96980.8020495874,
      low24h: 96188.7171512824,
      bid: null,
      ask: null,
      median: null,
      flags: 2,
      origin: 'rest',
    });
  });

  it('maps the real VALUE-only answer (no sequence, no volumes)', () => {
    const data = dataOf(fixture('latest-tick-value-group-btc-eur-2025.json')) as Record<string, unknown>;
    const r = parseLatestTick(data['BTC-EUR'], cadli('BTC', 'EUR'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.value).toMatchObject({
      price: 70009.4455389552,
      ts: 1744212053_000,
      tradeId: '',
      flags: 1,
      volume24h: null,
    });
  });

  it.each([
    ['not an object', [], 'not_object'],
    [
      'another instrument',
      { INSTRUMENT: 'ETH-USD', VALUE: 1, VALUE_LAST_UPDATE_TS: 1740304364 },
      'missing_identity',
    ],
    ['value missing', { VALUE_LAST_UPDATE_TS: 1740304364 }, 'bad_price'],
    ['value negative', { VALUE: -1, VALUE_LAST_UPDATE_TS: 1740304364 }, 'bad_price'],
    ['value as words', { VALUE: 'ninety', VALUE_LAST_UPDATE_TS: 1740304364 }, 'bad_price'],
    ['time missing', { VALUE: 1 }, 'bad_update_time'],
    ['time fractional', { VALUE: 1, VALUE_LAST_UPDATE_TS: 1740304364.5 }, 'bad_update_time'],
    ['time as ISO text', { VALUE: 1, VALUE_LAST_UPDATE_TS: '2025-02-23T09:52:44Z' }, 'bad_update_time'],
  ])('skips a hostile variant: %s', (_name, entry, reason) => {
    expect(parseLatestTick(entry, cadli('BTC', 'USD'))).toEqual({ ok: false, reason });
  });

  it('ignores an out-of-range nanosecond part and an unknown flag', () => {
    const r = parseLatestTick(
      { VALUE: 2, VALUE_LAST_UPDATE_TS: 1740304364, VALUE_LAST_UPDATE_TS_NS: 5e9, VALUE_FLAG: 'SIDEWAYS' },
      cadli('BTC', 'USD'),
    );
    expect(r.ok && [r.value.ts, r.value.flags]).toEqual([1740304364_000, null]);
  });

  it('treats a body without the Data envelope as no data', () => {
    expect(dataOf({ Response: 'Error' })).toBeNull();
    expect(dataOf(fixture('error-unauthorized-constructed.json'))).toEqual({});
  });
});

describe('coindesk historical/minutes rows (constructed from the documented fields)', () => {
  it('maps a row to a candle', () => {
    const rows = dataOf(fixture('historical-minutes-constructed.json')) as unknown[];
    const r = parseMinuteRow(rows[0], cadli('BTC', 'USD'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.value).toEqual({
      market: 'CADLI',
      base: 'BTC',
      quote: 'USD',
      start: 1740304200_000,
      open: 96380.1,
      high: 96412.5,
      low: 96350.2,
      close: 96371.9,
      volumeFrom: 41.2,
      volumeTo: 3971012.3,
      trades: 612,
      origin: 'rest',
    });
  });

  it.each([
    ['not a minute', { TIMESTAMP: 1740304201, OPEN: 1, HIGH: 1, LOW: 1, CLOSE: 1 }, 'bad_time'],
    ['no time', { OPEN: 1, HIGH: 1, LOW: 1, CLOSE: 1 }, 'bad_time'],
    [
      'all zero (nothing yet)',
      { TIMESTAMP: 1740304200, OPEN: 0, HIGH: 0, LOW: 0, CLOSE: 0 },
      'no_trades_yet',
    ],
    ['high below close', { TIMESTAMP: 1740304200, OPEN: 1, HIGH: 1, LOW: 1, CLOSE: 2 }, 'invalid'],
    ['price null', { TIMESTAMP: 1740304200, OPEN: null, HIGH: 1, LOW: 1, CLOSE: 1 }, 'invalid'],
    ['another instrument', { INSTRUMENT: 'ETH-USD', TIMESTAMP: 1740304200 }, 'missing_identity'],
  ])('skips a hostile row: %s', (_name, row, reason) => {
    expect(parseMinuteRow(row, cadli('BTC', 'USD'))).toEqual({ ok: false, reason });
  });
});
