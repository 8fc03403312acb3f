import { parsePair } from '../pairs';
import { ApiError } from './api-error';
import { pollPrices } from './price-poller';
import type { RestClient } from './rest-client';

const raw = (base: string, quote: string, price = 10) => ({
  TYPE: '5',
  MARKET: 'CCCAGG',
  FROMSYMBOL: base,
  TOSYMBOL: quote,
  FLAGS: '1',
  PRICE: price,
  LASTUPDATE: 1700000000,
  LASTTRADEID: '7',
});

/** Answers like the API: the cross product of fsyms × tsyms, minus pairs it does not know. */
function fakeClient(opts: { unknown?: string[]; failWith?: ApiError; broken?: string[] } = {}) {
  const calls: Record<string, string>[] = [];
  const client: RestClient = {
    async getJson(_path, query) {
      calls.push(query);
      if (opts.failWith) throw opts.failWith;
      const fsyms = (query.fsyms ?? '').split(',');
      const tsyms = (query.tsyms ?? '').split(',');
      const bad = fsyms.flatMap((f) => tsyms.map((t) => `${f}-${t}`)).find((p) => opts.unknown?.includes(p));
      if (bad)
        throw new ApiError('bad_pair', `no pair (${bad})`, {
          pair: { base: bad.split('-')[0] as string, quote: bad.split('-')[1] as string },
        });
      const RAW: Record<string, Record<string, unknown>> = {};
      for (const f of fsyms) {
        const byQuote: Record<string, unknown> = {};
        for (const t of tsyms)
          byQuote[t] = opts.broken?.includes(`${f}-${t}`) ? { ...raw(f, t), PRICE: 'NaN' } : raw(f, t);
        RAW[f] = byQuote;
      }
      return { RAW, DISPLAY: {} };
    },
    close: async () => undefined,
  };
  return { client, calls };
}

const pairs = (...t: string[]) => t.map((x) => parsePair(x) ?? (null as never));

describe('pollPrices', () => {
  it('returns one tick per configured pair and ignores extra cross-product pairs', async () => {
    const { client, calls } = fakeClient();
    const out = await pollPrices(client, pairs('BTC-USD', 'ETH-EUR'));
    expect(calls).toEqual([{ fsyms: 'BTC,ETH', tsyms: 'EUR,USD' }]);
    expect(out.ticks.map((t) => `${t.base}-${t.quote}`).sort()).toEqual(['BTC-USD', 'ETH-EUR']);
    expect(out).toMatchObject({ failed: [], missing: [], error: null });
  });

  it('a Type 1 pair is marked failed and the other pairs still flow', async () => {
    const { client } = fakeClient({ unknown: ['FOO-USD'] });
    const out = await pollPrices(client, pairs('BTC-USD', 'FOO-USD', 'ETH-USD'));
    expect(out.failed.map((f) => `${f.pair.base}-${f.pair.quote}`)).toEqual(['FOO-USD']);
    expect(out.ticks.map((t) => t.base).sort()).toEqual(['BTC', 'ETH']);
  });

  it('a bad parameter without a named pair is isolated by splitting the call', async () => {
    const calls: string[] = [];
    const client: RestClient = {
      async getJson(_p, q) {
        calls.push(q.fsyms ?? '');
        if ((q.fsyms ?? '').includes('BAD'))
          throw new ApiError('bad_param', 'no data for fsyms', { param: 'fsyms' });
        return {
          RAW: Object.fromEntries((q.fsyms ?? '').split(',').map((f) => [f, { USD: raw(f, 'USD') }])),
        };
      },
      close: async () => undefined,
    };
    const out = await pollPrices(client, pairs('AAA-USD', 'BAD-USD', 'CCC-USD', 'DDD-USD'));
    expect(out.failed.map((f) => f.pair.base)).toEqual(['BAD']);
    expect(out.ticks.map((t) => t.base).sort()).toEqual(['AAA', 'CCC', 'DDD']);
  });

  it('a rate limit stops the poll early and is returned for the machine to back off', async () => {
    const { client } = fakeClient({
      failWith: new ApiError('rate_limited', 'Type 99', { retryAfterMs: 1000 }),
    });
    const out = await pollPrices(client, pairs('BTC-USD'));
    expect(out.error?.kind).toBe('rate_limited');
    expect(out.ticks).toEqual([]);
  });

  it('counts unparseable entries and missing pairs instead of failing', async () => {
    const { client } = fakeClient({ broken: ['BTC-USD'] });
    const out = await pollPrices(client, pairs('BTC-USD', 'ETH-USD'));
    expect(out.skipped).toEqual({ bad_price: 1 });
    expect(out.ticks.map((t) => t.base)).toEqual(['ETH']);
    const empty: RestClient = { getJson: async () => ({ RAW: {} }), close: async () => undefined };
    expect((await pollPrices(empty, pairs('BTC-USD'))).missing).toHaveLength(1);
    const shapeless: RestClient = { getJson: async () => ({ foo: 1 }), close: async () => undefined };
    expect((await pollPrices(shapeless, pairs('BTC-USD'))).error?.kind).toBe('unexpected_shape');
  });
});
