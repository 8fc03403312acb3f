import { createManualClock } from '../clock';
import { RateLimiter } from '../rate-limiter';
import { abbreviate, formatAmount } from './display';
import { malform } from './malform';

describe('DISPLAY number formats (as in the 2021 capture)', () => {
  it.each([
    [59692.06, '59,692.1'],
    [57866.04, '57,866.0'],
    [323.2267347100169, '323.23'],
    [47.7786989464, '47.78'],
    [0.00080086, '0.0008009'],
    [0.00022, '0.0002200'],
    [1935264417.9284399, '1,935,264,417.9'],
  ])('formatAmount(%p) = %p', (value, text) => expect(formatAmount(value)).toBe(text));

  it.each([
    [1114993181949.22, '1,114.99 B'],
    [13203939884.314514, '13.20 B'],
    [221033.3554319794, '221.03 K'],
  ])('abbreviate(%p) = %p', (value, text) => expect(abbreviate(value)).toBe(text));
});

describe('RateLimiter', () => {
  it('counts refused calls and resets each calendar window', () => {
    const clock = createManualClock(Date.UTC(2025, 0, 31, 23, 59, 59, 500));
    const limiter = new RateLimiter(clock, { second: 2, minute: 100, hour: 100, day: 100, month: 100 });
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(true);
    const third = limiter.hit('a');
    expect(third).toMatchObject({ allowed: false, callsMade: { second: 3, month: 3, total_calls: 3 } });
    expect(limiter.hit('b').allowed).toBe(true);
    clock.advance(600);
    expect(limiter.hit('a')).toMatchObject({
      allowed: true,
      callsMade: { second: 1, minute: 1, day: 1, month: 1, total_calls: 4 },
    });
  });
});

describe('malform', () => {
  const body = {
    RAW: { BTC: { USD: { PRICE: 1, LASTUPDATE: 2, FLAGS: '4', TYPE: '5', LASTTRADEID: '7' } } },
  };

  it('never touches the original body', () => {
    malform('missing-fields', body);
    expect(body.RAW.BTC.USD.PRICE).toBe(1);
  });

  it('produces each broken shape', () => {
    expect(malform('empty', body).text).toBe('');
    expect(JSON.parse(malform('wrong-types', body).text)).toMatchObject({
      RAW: { BTC: { USD: { PRICE: '1', FLAGS: 4, TYPE: 5 } } },
    });
    expect(JSON.parse(malform('missing-fields', body).text).RAW.BTC.USD).toEqual({ FLAGS: '4', TYPE: '5' });
  });
});
