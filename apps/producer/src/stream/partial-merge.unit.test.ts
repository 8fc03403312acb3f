import { parseTick } from '../cryptocompare/tick-parser';
import { PartialMerge } from './partial-merge';

const snapshot = {
  TYPE: '5',
  MARKET: 'CCCAGG',
  FROMSYMBOL: 'BTC',
  TOSYMBOL: 'USD',
  FLAGS: 2,
  PRICE: 100,
  LASTUPDATE: 1600000000,
  LASTVOLUME: 0.5,
  LASTTRADEID: '1',
  VOLUMEDAY: 10,
  OPENDAY: 90,
  HIGHDAY: 110,
  LOWDAY: 80,
};

describe('PartialMerge', () => {
  it('merges partial frames into the last full state of the channel', () => {
    const merge = new PartialMerge();
    merge.apply('5~CCCAGG~BTC~USD', snapshot);
    const state = merge.apply('5~CCCAGG~BTC~USD', {
      TYPE: '5',
      MARKET: 'CCCAGG',
      FROMSYMBOL: 'BTC',
      TOSYMBOL: 'USD',
      FLAGS: 1,
      PRICE: 101,
      LASTUPDATE: 1600000001,
      LASTTRADEID: '2',
    });
    const tick = parseTick(state, 'stream');
    expect(tick.ok && tick.value).toMatchObject({
      price: 101,
      ts: 1600000001000,
      tradeId: '2',
      volumeDay: 10,
      openDay: 90,
      highDay: 110,
      lowDay: 80,
      flags: 1,
    });
  });

  it('a volume-only update keeps price and time; a high update changes only the high', () => {
    const merge = new PartialMerge();
    merge.apply('c', snapshot);
    merge.apply('c', { VOLUMEDAY: 11 });
    const state = merge.apply('c', { HIGHDAY: 120 });
    expect(state).toMatchObject({
      PRICE: 100,
      LASTUPDATE: 1600000000,
      VOLUMEDAY: 11,
      HIGHDAY: 120,
      LOWDAY: 80,
    });
  });

  it('keeps channels apart and forgets a channel on resubscribe', () => {
    const merge = new PartialMerge();
    merge.apply('a', snapshot);
    merge.apply('b', { ...snapshot, PRICE: 5 });
    merge.reset('a');
    const fresh = merge.apply('a', { PRICE: 7 });
    expect(fresh).toEqual({ PRICE: 7 });
    expect(merge.apply('b', {})).toMatchObject({ PRICE: 5 });
    expect(parseTick(fresh, 'stream')).toEqual({ ok: false, reason: 'missing_identity' });
    merge.resetAll();
    expect(merge.size).toBe(0);
  });

  it('a hostile __proto__ key stays a plain field', () => {
    const merge = new PartialMerge();
    const state = merge.apply('c', JSON.parse('{"__proto__":{"PRICE":1},"X":1}'));
    expect(Object.getPrototypeOf(state)).toBeNull();
    expect((state as Record<string, unknown>).PRICE).toBeUndefined();
  });
});
