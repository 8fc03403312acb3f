import { Universe } from '../market/universe';
import { partialFrame } from './data-frames';
import { parseSub } from './subscription';

describe('parseSub', () => {
  const universe = new Universe();

  it('accepts the four simulated channels and spells them canonically', () => {
    expect(parseSub('5~CCCAGG~BTC~USD', universe)).toMatchObject({
      ok: true,
      channel: { type: '5', key: '5~CCCAGG~BTC~USD' },
    });
    expect(parseSub('2~coinbase~eth~usd', universe)).toMatchObject({
      ok: true,
      channel: { market: 'Coinbase', key: '2~Coinbase~ETH~USD' },
    });
    expect(parseSub('0~Kraken~BTC~EUR', universe)).toMatchObject({ ok: true, channel: { type: '0' } });
    expect(parseSub('24~CCCAGG~BTC~USD~m', universe)).toMatchObject({
      ok: true,
      channel: { key: '24~CCCAGG~BTC~USD~m' },
    });
  });

  it.each([
    ['5~CCCAGG~FOO~USD', 'FOO'],
    ['5~Coinbase~BTC~USD', 'CCCAGG'],
    ['2~CCCAGG~BTC~USD', 'exchange'],
    ['24~CCCAGG~BTC~USD~H', 'minute'],
    ['24~CCCAGG~BTC~USD', 'parts'],
    ['8~Coinbase~BTC~USD', 'type 8'],
    ['5~Nowhere~BTC~USD', 'Nowhere'],
    ['', 'format'],
    ['~~~', 'format'],
    ['5~CCCAGG~BTC~BTC', 'BTC'],
  ])('refuses %s', (sub, hint) => {
    const parsed = parseSub(sub, universe);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.info).toContain(hint);
  });
});

describe('partialFrame', () => {
  it('keeps identity fields and FLAGS, drops unchanged values', () => {
    const before = {
      TYPE: '5',
      MARKET: 'CCCAGG',
      FROMSYMBOL: 'BTC',
      TOSYMBOL: 'USD',
      FLAGS: 4,
      PRICE: 1,
      OPENDAY: 2,
      LASTTRADEID: '9',
    };
    const after = { ...before, PRICE: 1.5, FLAGS: 1, LASTTRADEID: '10' };
    expect(partialFrame(after, before)).toEqual({
      TYPE: '5',
      MARKET: 'CCCAGG',
      FROMSYMBOL: 'BTC',
      TOSYMBOL: 'USD',
      FLAGS: 1,
      PRICE: 1.5,
      LASTTRADEID: '10',
    });
  });
});
