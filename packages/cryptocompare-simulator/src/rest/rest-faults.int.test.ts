import { createManualClock } from '../clock';
import type { Simulator } from '../simulator';
import { createSimulator } from '../simulator';

type Json = Record<string, unknown>;
const price = '/data/pricemultifull?fsyms=BTC&tsyms=USD';

async function startSim(options: Parameters<typeof createSimulator>[0]) {
  const sim = createSimulator({ historyMinutes: 60, ...options });
  const { baseUrl } = await sim.start();
  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${baseUrl}${path}`, init);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      json: (await r.json()) as Json,
    }));
  return { sim, get, post };
}

describe('REST rate limit, key and faults', () => {
  const sims: Simulator[] = [];
  afterAll(async () => {
    for (const sim of sims) await sim.stop();
  });

  it('answers Type 99 with calls made and max calls once the budget is spent', async () => {
    const clock = createManualClock(Date.UTC(2025, 0, 1, 0, 0, 5));
    const { sim, get } = await startSim({ clock, rateLimit: { minute: 3 } });
    sims.push(sim);
    for (let i = 0; i < 3; i++) expect(JSON.parse((await get(price)).text)).toHaveProperty('RAW');
    const limited = await get(price);
    expect(limited.status).toBe(200);
    const body = JSON.parse(limited.text) as Json;
    expect(body).toMatchObject({
      Response: 'Error',
      Message: 'You are over your rate limit please upgrade your account!',
      Type: 99,
      RateLimit: { calls_made: { minute: 4, total_calls: 4 }, max_calls: { minute: 3, second: 50 } },
      Data: {},
    });
    const stats = JSON.parse((await get('/stats/rate/limit')).text) as Json;
    expect(stats).toMatchObject({
      Response: 'Success',
      Type: 100,
      Data: { calls_made: { minute: 4 }, calls_left: { minute: 0 } },
    });
    clock.advance(60_000);
    expect(JSON.parse((await get(price)).text)).toHaveProperty('RAW');
  });

  it('requires the configured key in the header or the query', async () => {
    const { sim, get } = await startSim({ apiKey: 'secret-key' });
    sims.push(sim);
    const refused = await get(price);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text)).toMatchObject({
      Data: {},
      Err: { http_status_code: 401, message: expect.stringContaining('API key required') },
    });
    expect((await get(`${price}&api_key=wrong`)).status).toBe(401);
    expect(JSON.parse((await get(`${price}&api_key=secret-key`)).text)).toHaveProperty('RAW');
    expect(
      JSON.parse((await get(price, { headers: { authorization: 'Apikey secret-key' } })).text),
    ).toHaveProperty('RAW');
  });

  it('injects status codes, malformed bodies and delays through /_sim/faults', async () => {
    const { sim, get, post } = await startSim({});
    sims.push(sim);
    expect((await post('/_sim/faults', { status: { code: 503, count: 1 } })).status).toBe(200);
    const failed = await get(price);
    expect(failed.status).toBe(503);
    expect(failed.type).toBe('text/html');
    expect((await get(price)).status).toBe(200);

    await post('/_sim/faults', { status: { code: 401, count: 1 } });
    expect((await get(price)).status).toBe(401);

    await post('/_sim/faults', { malformed: { kind: 'truncated', count: 1 } });
    const truncated = (await get(price)).text;
    expect(() => JSON.parse(truncated) as unknown).toThrow();
    await post('/_sim/faults', { malformed: { kind: 'non-json', count: 1 } });
    expect((await get(price)).text).toContain('<html>');
    await post('/_sim/faults', { malformed: { kind: 'nan-price', count: 1 } });
    expect(JSON.parse((await get(price)).text)).toMatchObject({ RAW: { BTC: { USD: { PRICE: 'NaN' } } } });
    await post('/_sim/faults', { malformed: { kind: 'null-price', count: 1 } });
    expect(JSON.parse((await get(price)).text)).toMatchObject({ RAW: { BTC: { USD: { PRICE: null } } } });
    await post('/_sim/faults', { malformed: { kind: 'missing-fields', count: 1 } });
    expect(JSON.parse((await get(price)).text).RAW.BTC.USD).not.toHaveProperty('PRICE');
    await post('/_sim/faults', { malformed: { kind: 'wrong-types', count: 1 } });
    expect(typeof JSON.parse((await get(price)).text).RAW.BTC.USD.LASTUPDATE).toBe('string');
    await post('/_sim/faults', { malformed: { kind: 'nan-price', count: 1 } });
    expect(
      JSON.parse((await get('/data/v2/histominute?fsym=BTC&tsym=USD&limit=2')).text).Data.Data[0].close,
    ).toBe('NaN');
    expect(JSON.parse((await get(price)).text).RAW.BTC.USD.PRICE).toEqual(expect.any(Number));

    sim.faults.delay(5000, { count: 1 });
    const slow = get(price, { signal: AbortSignal.timeout(200) });
    await expect(slow).rejects.toThrow();
    expect(sim.faults.state().delay).toBeNull();
  });

  it('rejects invalid fault specs and can clear faults', async () => {
    const { sim, get, post } = await startSim({});
    sims.push(sim);
    expect((await post('/_sim/faults', { malformed: { kind: 'bogus' } })).status).toBe(400);
    expect((await post('/_sim/faults', { unknownFault: true })).status).toBe(400);
    const notJson = await get('/_sim/faults', { method: 'POST', body: '{{{' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.text)).toEqual({
      error: { code: 'invalid_json', message: 'the body is not valid JSON' },
    });
    const missing = await get('/_sim/zz-nothing');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({
      error: { code: 'not_found', message: 'no such admin route' },
    });
    await post('/_sim/faults', { status: { code: 500 } });
    expect((await get(price)).status).toBe(500);
    expect((await get(price)).status).toBe(500);
    expect((await get('/_sim/health')).status).toBe(200);
    expect((await post('/_sim/faults', { clear: true, rateLimit: { second: 1 } })).json).toMatchObject({
      ok: true,
    });
    expect((await get(price)).status).toBe(200);
    expect(JSON.parse((await get(price)).text)).toMatchObject({ Type: 99 });
  });
});
