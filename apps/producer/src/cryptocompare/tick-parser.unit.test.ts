import { PriceTickSchema } from '@mdp/contracts/market-data';
import { loadFixture, loadFixtureText } from '@mdp/cryptocompare-simulator/fixtures';
import { parseTick, rawEntries } from './tick-parser';

const fixture = loadFixture('pricemultifull_btc_usd_eur_2021.json');
const entries = rawEntries(fixture) ?? [];
const btcUsd = entries.find((e) => e.base === 'BTC' && e.quote === 'USD')?.raw as Record<string, unknown>;

describe('parseTick on real payloads', () => {
  it('turns every RAW entry of the 2021 pricemultifull into a valid tick (FLAGS as a string)', () => {
    expect(entries.map((e) => `${e.base}-${e.quote}`)).toEqual(['BTC-USD', 'BTC-EUR']);
    const parsed = entries.map((e) => parseTick(e.raw, 'rest'));
    expect(parsed.every((p) => p.ok)).toBe(true);
    const first = parsed[0];
    if (!first?.ok) throw new Error('unreachable');
    expect(first.value).toMatchObject({
      market: 'CCCAGG',
      base: 'BTC',
      quote: 'USD',
      price: 59692.06,
      ts: 1618082612000,
      tradeId: '154219127',
      flags: 2050,
      median: 59669.75,
      bid: null,
      ask: null,
      origin: 'rest',
    });
    expect(PriceTickSchema.safeParse(first.value).success).toBe(true);
  });

  it('parses the 2020 type-5 stream frame (FLAGS a number, no OPEN*/HIGH*/LOW*)', () => {
    const parsed = parseTick(JSON.parse(loadFixtureText('ws_type5_2020_dart.json')), 'stream');
    expect(parsed.ok && parsed.value).toMatchObject({
      price: 10948.7,
      ts: 1600440262000,
      flags: 2,
      openDay: null,
      tradeId: '2280148',
    });
  });

  it('parses the 2020 type-2 exchange ticker frame', () => {
    const parsed = parseTick(loadFixture('ws_type2_2020_node.json'), 'stream');
    expect(parsed.ok && parsed.value).toMatchObject({
      market: 'COINBASE',
      base: 'ETH',
      quote: 'USD',
      price: 135.5,
    });
  });
});

describe('parseTick on hostile variants', () => {
  const variant = (patch: Record<string, unknown>) => ({ ...btcUsd, ...patch });
  const without = (key: string) => Object.fromEntries(Object.entries(btcUsd).filter(([k]) => k !== key));

  it.each([
    ['no PRICE', without('PRICE'), 'bad_price'],
    ['PRICE null', variant({ PRICE: null }), 'bad_price'],
    ['PRICE "NaN"', variant({ PRICE: 'NaN' }), 'bad_price'],
    ['PRICE "Infinity"', variant({ PRICE: 'Infinity' }), 'bad_price'],
    ['PRICE zero', variant({ PRICE: 0 }), 'bad_price'],
    ['PRICE negative', variant({ PRICE: -5 }), 'bad_price'],
    [
      'PRICE 1e400 (overflows to Infinity)',
      JSON.parse(
        '{"MARKET":"CCCAGG","FROMSYMBOL":"BTC","TOSYMBOL":"USD","PRICE":1e400,"LASTUPDATE":1618082612}',
      ),
      'bad_price',
    ],
    ['PRICE an object', variant({ PRICE: { v: 1 } }), 'bad_price'],
    ['no LASTUPDATE', without('LASTUPDATE'), 'bad_update_time'],
    ['LASTUPDATE a word', variant({ LASTUPDATE: 'now' }), 'bad_update_time'],
    ['LASTUPDATE huge', variant({ LASTUPDATE: 1e300 }), 'bad_update_time'],
    ['no FROMSYMBOL', without('FROMSYMBOL'), 'missing_identity'],
    ['TOSYMBOL a number', variant({ TOSYMBOL: 5 }), 'missing_identity'],
    ['FROMSYMBOL with spaces inside', variant({ FROMSYMBOL: 'B T C' }), 'invalid'],
    ['an array', [1, 2], 'not_object'],
    ['null', null, 'not_object'],
  ])('%s is skipped with a reason', (_name, raw, reason) => {
    expect(parseTick(raw, 'rest')).toEqual({ ok: false, reason });
  });

  it('optional fields that are null, quoted numbers, junk or missing become null or numbers, never junk', () => {
    const parsed = parseTick(
      variant({
        OPEN24HOUR: null,
        VOLUMEDAY: '123.5',
        HIGHDAY: 'NaN',
        LOWDAY: true,
        MEDIAN: undefined,
        FLAGS: 'x',
      }),
      'rest',
    );
    expect(parsed.ok && parsed.value).toMatchObject({
      open24h: null,
      volumeDay: 123.5,
      highDay: null,
      lowDay: null,
      median: null,
      flags: null,
    });
  });

  it('ignores unknown fields and keeps only contract fields', () => {
    const parsed = parseTick(variant({ NEWFIELD2030: 'x', __proto__: { PRICE: 1 } }), 'rest');
    expect(parsed.ok && Object.keys(parsed.value)).not.toContain('NEWFIELD2030');
  });

  it('accepts a quoted PRICE and a numeric LASTTRADEID, rejects a trade id longer than the contract allows', () => {
    const quoted = parseTick(variant({ PRICE: '100.5', LASTTRADEID: 42 }), 'rest');
    expect(quoted.ok && quoted.value).toMatchObject({ price: 100.5, tradeId: '42' });
    const longId = parseTick(variant({ LASTTRADEID: 'x'.repeat(65) }), 'rest');
    expect(longId.ok && longId.value.tradeId).toBe('');
  });
});

describe('rawEntries', () => {
  it('returns null without a RAW object and reports entries that are not objects', () => {
    expect(rawEntries({ DISPLAY: {} })).toBeNull();
    expect(rawEntries('x')).toBeNull();
    expect(rawEntries({ RAW: { BTC: 'oops', ETH: { USD: 5 } } })).toEqual([
      { base: 'BTC', quote: '', raw: 'oops' },
      { base: 'ETH', quote: 'USD', raw: 5 },
    ]);
  });
});
