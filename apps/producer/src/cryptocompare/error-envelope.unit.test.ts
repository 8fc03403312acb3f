import { errorFromEnvelope } from './error-envelope';
import { DEFAULT_RATE_LIMIT_WAIT_MS, rateLimitWaitMs } from './rate-limit-wait';

const at = Date.UTC(2024, 6, 29, 19, 6, 48, 250);

describe('errorFromEnvelope', () => {
  it('is null for successful bodies', () => {
    expect(errorFromEnvelope({ RAW: {} }, at)).toBeNull();
    expect(errorFromEnvelope({ Response: 'Success', Type: 100, Data: {} }, at)).toBeNull();
    expect(errorFromEnvelope([1], at)).toBeNull();
  });

  it('Type 99 (real 2024 payload: day budget spent) waits until the next UTC day', () => {
    const body = JSON.parse(
      '{"Response":"Error","Message":"You are over your rate limit please upgrade your account!","HasWarning":false,"Type":99,"RateLimit":{"calls_made":{"second":1,"minute":3,"hour":4,"day":7773,"month":11627,"total_calls":52622},"max_calls":{"second":20,"minute":300,"hour":3000,"day":7500,"month":50000}},"Data":{}}',
    );
    const e = errorFromEnvelope(body, at);
    expect(e?.kind).toBe('rate_limited');
    expect(e?.details.retryAfterMs).toBe(Date.UTC(2024, 6, 30) - at);
  });

  it('Type 1 naming a pair blames that pair', () => {
    const e = errorFromEnvelope(
      {
        Response: 'Error',
        Message: 'cccagg_or_exchange market does not exist for this coin pair (ASDHALF-USD)',
        HasWarning: false,
        Type: 1,
        RateLimit: {},
        Data: {},
        Cooldown: 0,
      },
      at,
    );
    expect(e).toMatchObject({ kind: 'bad_pair', details: { pair: { base: 'ASDHALF', quote: 'USD' } } });
  });

  it('Type 2 with ParamWithError names the parameter', () => {
    const e = errorFromEnvelope(
      {
        Response: 'Error',
        Message: 'There is no data for the symbol BTC999 .',
        HasWarning: false,
        Type: 2,
        RateLimit: {},
        Data: {},
        ParamWithError: 'fsym',
      },
      at,
    );
    expect(e).toMatchObject({ kind: 'bad_param', details: { param: 'fsym' } });
  });

  it('other or odd envelopes are generic API errors with printable, bounded messages', () => {
    const e = errorFromEnvelope(
      { Response: 'Error', Message: `bad\u0000${'x'.repeat(1000)}`, Type: 'x' },
      at,
    );
    expect(e?.kind).toBe('api_error');
    expect(e?.message.length).toBeLessThan(260);
    expect(e?.message).not.toContain('\u0000');
  });
});

describe('rateLimitWaitMs', () => {
  const made = (o: Record<string, number>) => ({
    calls_made: o,
    max_calls: { second: 20, minute: 300, hour: 3000, day: 7500, month: 50000 },
  });
  it('picks the largest spent window', () => {
    expect(rateLimitWaitMs(made({ second: 20 }), at)).toBe(750);
    expect(rateLimitWaitMs(made({ second: 20, minute: 300 }), at)).toBe(60_000 - 48_250);
    expect(rateLimitWaitMs(made({ hour: 3000 }), at)).toBe(3_600_000 - (6 * 60_000 + 48_250));
    expect(rateLimitWaitMs(made({ month: 50000 }), at)).toBe(Date.UTC(2024, 7, 1) - at);
  });
  it('falls back to a default when the numbers are missing or nothing looks spent', () => {
    expect(rateLimitWaitMs({}, at)).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
    expect(rateLimitWaitMs(undefined, at)).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
    expect(rateLimitWaitMs(made({ second: 1 }), at)).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
  });
});
