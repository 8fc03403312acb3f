import { createManualClock } from '../clock';
import { loadFixture } from '../fixtures';
import type { Simulator } from '../simulator';
import { createSimulator } from '../simulator';

type Json = Record<string, unknown>;
const start = Date.UTC(2025, 2, 3, 12, 0, 10);

function typesOf(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value as Json).map(([k, v]) => [k, v === null ? 'null' : typeof v]),
  );
}

describe('REST min-api', () => {
  let sim: Simulator;
  let base: string;
  const clock = createManualClock(start);
  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${base}${path}`, init);
    return { status: res.status, text: await res.text() };
  };
  const getJson = async (path: string): Promise<Json> => JSON.parse((await get(path)).text) as Json;

  beforeAll(async () => {
    sim = createSimulator({
      seed: 3,
      pairs: ['BTC-USD', 'ETH-USD'],
      tickRate: 2,
      clock,
      historyMinutes: 3000,
    });
    ({ baseUrl: base } = await sim.start());
    clock.advance(90_000);
  });
  afterAll(() => sim.stop());

  it('pricemultifull has the real RAW and DISPLAY key sets and value types', async () => {
    const real = loadFixture('pricemultifull_btc_usd_eur_2021.json') as { RAW: Json; DISPLAY: Json };
    const body = await getJson('/data/pricemultifull?fsyms=BTC&tsyms=USD,EUR');
    expect(Object.keys(body)).toEqual(['RAW', 'DISPLAY']);
    for (const quote of ['USD', 'EUR']) {
      const raw = (body.RAW as Json).BTC as Json;
      const realRaw = (real.RAW.BTC as Json)[quote];
      expect(Object.keys(raw[quote] as Json)).toEqual(Object.keys(realRaw as Json));
      expect(typesOf(raw[quote])).toEqual(typesOf(realRaw));
      const display = ((body.DISPLAY as Json).BTC as Json)[quote];
      const realDisplay = (real.DISPLAY.BTC as Json)[quote];
      expect(Object.keys(display as Json)).toEqual(Object.keys(realDisplay as Json));
      expect(typesOf(display)).toEqual(typesOf(realDisplay));
    }
    const usd = ((body.RAW as Json).BTC as Json).USD as Json;
    expect(usd).toMatchObject({ TYPE: '5', MARKET: 'CCCAGG', FROMSYMBOL: 'BTC', TOSYMBOL: 'USD' });
    const last = sim.emitted.ticks({ pair: 'BTC-USD', market: 'CCCAGG' }).at(-1);
    expect(usd).toMatchObject({
      PRICE: last?.price,
      LASTUPDATE: last?.lastUpdate,
      LASTTRADEID: last?.lastTradeId,
    });
  });

  it('pricemultifull names the exchange given in e and leaves unknown pairs out', async () => {
    const body = await getJson('/data/pricemultifull?fsyms=BTC,NOPE&tsyms=USD&e=coinbase');
    expect(Object.keys(body.RAW as Json)).toEqual(['BTC']);
    expect(((body.RAW as Json).BTC as Json).USD).toMatchObject({
      MARKET: 'Coinbase',
      LASTMARKET: 'Coinbase',
    });
  });

  it('answers parameter and pair errors with HTTP 200 envelopes', async () => {
    const missing = await get('/data/pricemultifull?tsyms=USD');
    expect(missing.status).toBe(200);
    expect(JSON.parse(missing.text)).toEqual({
      Response: 'Error',
      Message: 'fsyms is a required param.',
      HasWarning: false,
      Type: 2,
      RateLimit: {},
      Data: {},
      ParamWithError: 'fsyms',
    });
    const long = await getJson(`/data/pricemultifull?fsyms=BTC&tsyms=${'USD,'.repeat(30)}USD`);
    expect(long).toMatchObject({
      Type: 2,
      ParamWithError: 'tsyms',
      Message: expect.stringContaining('maxlength: 100'),
    });
    expect(await getJson(`/data/pricemultifull?fsyms=${'BTC,'.repeat(80)}&tsyms=USD`)).toMatchObject({
      Type: 2,
      ParamWithError: 'fsyms',
    });
    expect(await getJson('/data/pricemultifull?fsyms=ASDHALF&tsyms=USD')).toEqual({
      Response: 'Error',
      Message: 'cccagg_or_exchange market does not exist for this coin pair (ASDHALF-USD)',
      HasWarning: false,
      Type: 1,
      RateLimit: {},
      Data: {},
      Cooldown: 0,
    });
    expect(await getJson('/data/v2/histominute?tsym=USD')).toMatchObject({
      Type: 2,
      Message: 'fsym is a required param.',
      ParamWithError: 'fsym',
    });
    expect(await getJson('/data/v2/histominute?fsym=BTC999&tsym=USD')).toMatchObject({
      Type: 2,
      Message: 'There is no data for the symbol BTC999 .',
      ParamWithError: 'fsym',
    });
    expect(await getJson('/data/v2/histominute?fsym=BTC&tsym=XYZ')).toMatchObject({ Type: 1 });
    expect(await getJson('/data/v2/histominute?fsym=BTC&tsym=USD&limit=abc')).toMatchObject({
      Type: 2,
      ParamWithError: 'limit',
    });
  });

  it('serves histominute as limit + 1 ascending minutes in the v2 envelope, paging back with toTs', async () => {
    const real = loadFixture('histoday_v2_btc_usd_2022.json') as Json;
    const page = await getJson('/data/v2/histominute?fsym=BTC&tsym=USD&limit=10');
    expect(Object.keys(page)).toEqual(Object.keys(real));
    expect(page).toMatchObject({ Response: 'Success', Type: 100 });
    const data = page.Data as { TimeFrom: number; TimeTo: number; Data: Json[] };
    const realPoint = (real.Data as { Data: Json[] }).Data[0];
    expect(data.Data).toHaveLength(11);
    expect(Object.keys(data.Data[0] ?? {})).toEqual(Object.keys(realPoint ?? {}));
    expect(data.TimeTo).toBe(Math.floor(clock.now() / 60_000) * 60);
    const next = await getJson(`/data/v2/histominute?fsym=BTC&tsym=USD&limit=10&toTs=${data.TimeFrom - 1}`);
    const older = (next.Data as { Data: Json[] }).Data;
    const all = [...older, ...data.Data];
    all.forEach((point, i) => {
      if (i === 0) return;
      expect(point.time).toBe((all[i - 1]?.time as number) + 60);
      expect(point.open).toBe(all[i - 1]?.close);
      if (point.volumefrom === 0)
        expect([point.high, point.low, point.close]).toEqual([point.open, point.open, point.open]);
    });
    const closed = sim.emitted.candles({ pair: 'BTC-USD', market: 'CCCAGG' });
    const served = data.Data.find((point) => point.time === closed[0]?.time);
    expect(served?.close).toBe(closed[0]?.close);
  });

  it('reduces limit so limit * aggregate stays within 2000 and refuses minutes older than 7 days', async () => {
    const aggregated = await getJson('/data/v2/histominute?fsym=ETH&tsym=USD&limit=1000&aggregate=4');
    expect((aggregated.Data as { Data: Json[] }).Data).toHaveLength(501);
    expect((aggregated.Data as Json).Aggregated).toBe(true);
    const big = await getJson('/data/v2/histominute?fsym=ETH&tsym=USD&limit=5000');
    expect((big.Data as { Data: Json[] }).Data).toHaveLength(2001);
    const old = Math.floor(clock.now() / 1000) - 8 * 86_400;
    expect(await getJson(`/data/v2/histominute?fsym=ETH&tsym=USD&toTs=${old}`)).toMatchObject({
      Type: 2,
      ParamWithError: 'toTs',
    });
  });

  it('answers unknown paths and methods without crashing, and keeps serving', async () => {
    expect((await get('/data/nothing')).status).toBe(404);
    expect((await get('/data/pricemultifull?fsyms=BTC&tsyms=USD', { method: 'POST' })).status).toBe(405);
    expect(await getJson('/data/pricemultifull?fsyms=%E0%A4%A&tsyms=%00')).toMatchObject({
      Response: 'Error',
    });
    expect(await getJson('/data/v2/histominute?fsym=BTC&tsym=USD&toTs=-5&limit=1')).toMatchObject({
      ParamWithError: 'toTs',
    });
    expect((await get('/data/pricemultifull?fsyms=BTC&tsyms=USD')).status).toBe(200);
  });

  it('exposes the ground truth through /_sim/emitted', async () => {
    const all = await getJson('/_sim/emitted?pair=BTC-USD&market=CCCAGG');
    expect((all.ticks as Json[]).length).toBe(
      sim.emitted.ticks({ pair: 'BTC-USD', market: 'CCCAGG' }).length,
    );
    const cursor = all.latestSeq as number;
    clock.advance(1000);
    const fresh = await getJson(`/_sim/emitted?since=${cursor}&kind=ticks`);
    expect((fresh.ticks as Json[]).length).toBeGreaterThan(0);
    expect((fresh.ticks as Json[]).every((tick) => (tick.seq as number) > cursor)).toBe(true);
    expect((await get('/_sim/emitted?since=abc')).status).toBe(400);
  });

  it('activates pairs and reports state through the admin routes', async () => {
    const added = await get('/_sim/pairs', {
      method: 'POST',
      body: JSON.stringify({ pairs: ['SOL-EUR', 'NOPE-USD'], market: 'Kraken' }),
    });
    expect(added.status).toBe(400);
    expect(JSON.parse(added.text)).toMatchObject({ ok: false, rejected: ['NOPE-USD'] });
    const state = await getJson('/_sim/state');
    expect(state.pairs).toEqual(
      expect.arrayContaining([
        { market: 'Kraken', pair: 'SOL-EUR' },
        { market: 'CCCAGG', pair: 'BTC-USD' },
      ]),
    );
    expect(state).toMatchObject({ nowMs: clock.now(), sockets: 0, rateLimit: { second: 50 } });
  });
});
