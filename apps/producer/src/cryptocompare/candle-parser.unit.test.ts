import { loadFixture } from '@mdp/cryptocompare-simulator/fixtures';
import { parseHistoPoint, parseOhlcFrame } from './candle-parser';

const pair = { market: 'CCCAGG', base: 'BTC', quote: 'USD' };
const point = {
  time: 1654732800,
  high: 30304.45,
  low: 30053.44,
  open: 30189.27,
  volumefrom: 1700.04,
  volumeto: 51271782.04,
  close: 30210.38,
  conversionType: 'direct',
  conversionSymbol: '',
};
const frame = {
  TYPE: '24',
  MARKET: 'CCCAGG',
  FROMSYMBOL: 'BTC',
  TOSYMBOL: 'USD',
  TS: 1593768240,
  UNIT: 'm',
  ACTION: 'U',
  OPEN: 9100,
  HIGH: 9110.5,
  LOW: 9095,
  CLOSE: 9105,
  VOLUMEFROM: 12.5,
  VOLUMETO: 113812.5,
  TOTALTRADES: 42,
};

describe('parseHistoPoint', () => {
  it('parses every point of the real v2 histo payload (same point shape as histominute)', () => {
    const body = loadFixture('histoday_v2_btc_usd_2022.json') as { Data: { Data: unknown[] } };
    const parsed = body.Data.Data.map((p) => parseHistoPoint(p, pair, 'rest'));
    expect(parsed).toHaveLength(31);
    expect(parsed.every((p) => p.ok)).toBe(true);
    expect(parsed[30]).toEqual({
      ok: true,
      value: {
        ...pair,
        start: 1654732800000,
        open: 30189.27,
        high: 30304.45,
        low: 30053.44,
        close: 30210.38,
        volumeFrom: 1700.04,
        volumeTo: 51271782.04,
        trades: null,
        origin: 'rest',
      },
    });
  });

  it.each([
    ['time not on a minute', { ...point, time: 1654732801 }, 'bad_time'],
    ['time missing', { ...point, time: undefined }, 'bad_time'],
    ['all zeros before the first trade', { ...point, open: 0, high: 0, low: 0, close: 0 }, 'no_trades_yet'],
    ['high below close', { ...point, high: 1 }, 'invalid'],
    ['close NaN string', { ...point, close: 'NaN' }, 'invalid'],
    ['negative volume', { ...point, volumefrom: -1 }, 'invalid'],
    ['a string', 'x', 'not_object'],
  ])('%s is skipped', (_n, input, reason) => {
    expect(parseHistoPoint(input, pair, 'rest')).toEqual({ ok: false, reason });
  });
});

describe('parseOhlcFrame (type 24)', () => {
  it('parses a minute frame, TS and TOTALTRADES possibly quoted', () => {
    expect(parseOhlcFrame(frame)).toMatchObject({
      ok: true,
      value: { start: 1593768240000, close: 9105, trades: 42, origin: 'stream' },
    });
    expect(parseOhlcFrame({ ...frame, TS: '1593768240', TOTALTRADES: '42' })).toMatchObject({
      ok: true,
      value: { trades: 42 },
    });
  });

  it('skips hour/day units, zero init periods and frames without identity', () => {
    expect(parseOhlcFrame({ ...frame, UNIT: 'H' })).toEqual({ ok: false, reason: 'not_minute' });
    expect(parseOhlcFrame({ ...frame, ACTION: 'I', OPEN: 0, HIGH: 0, LOW: 0, CLOSE: 0 })).toEqual({
      ok: false,
      reason: 'no_trades_yet',
    });
    expect(parseOhlcFrame({ ...frame, MARKET: undefined })).toEqual({
      ok: false,
      reason: 'missing_identity',
    });
  });
});
