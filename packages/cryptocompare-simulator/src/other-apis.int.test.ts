import { createManualClock } from './clock';
import { createSimulator, type Simulator } from './simulator';
import { FrameCollector } from './testing/frame-collector';

type Json = Record<string, unknown>;

describe('Coinbase Exchange and CoinDesk Data shapes', () => {
  const sims: Simulator[] = [];
  afterAll(async () => {
    for (const sim of sims) await sim.stop();
  });

  async function start(options: Parameters<typeof createSimulator>[0] = {}) {
    const sim = createSimulator({ historyMinutes: 60, pairs: ['BTC-USD'], ...options });
    sims.push(sim);
    const address = await sim.start();
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await fetch(url, { headers });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: (await res.json()) as unknown,
      };
    };
    return { sim, address, get };
  }

  it('serves Coinbase candles newest first as [time, low, high, open, close, volume], at most 300', async () => {
    const clock = createManualClock(Date.UTC(2025, 0, 1, 12, 0, 30));
    const { address, get } = await start({ clock });
    const q = (from: string, to: string) =>
      `${address.coinbaseRestUrl}/products/BTC-USD/candles?granularity=60&start=${from}&end=${to}`;
    const ok = await get(q('2025-01-01T11:50:00Z', '2025-01-01T11:59:00Z'));
    expect(ok.status).toBe(200);
    const rows = ok.body as number[][];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.length === 6)).toBe(true);
    const times = rows.map((r) => r[0] as number);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(times[0]).toBeLessThanOrEqual(Date.UTC(2025, 0, 1, 11, 59) / 1000);
    const [, low, high, open, close] = rows[0] as number[];
    expect(high).toBeGreaterThanOrEqual(Math.max(open as number, close as number, low as number));
    expect((await get(q('2025-01-01T06:00:00Z', '2025-01-01T11:59:00Z'))).status).toBe(400);
    const ticker = await get(`${address.coinbaseRestUrl}/products/BTC-USD/ticker`);
    expect(ticker.body).toMatchObject({ price: expect.any(String), trade_id: expect.any(Number) });
    expect((ticker.body as Json).time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect((await get(`${address.coinbaseRestUrl}/products/NOPE-USD/ticker`)).status).toBe(404);
  });

  it('answers over-budget Coinbase calls with HTTP 429 and a message', async () => {
    const { address, get } = await start({ rateLimit: { second: 1, minute: 1 } });
    await get(`${address.coinbaseRestUrl}/products/BTC-USD/ticker`);
    const limited = await get(`${address.coinbaseRestUrl}/products/BTC-USD/ticker`);
    expect(limited).toMatchObject({
      status: 429,
      retryAfter: '1',
      body: { message: 'Public rate limit exceeded' },
    });
  });

  it('streams subscriptions, tickers and heartbeats on the Coinbase feed', async () => {
    const { address } = await start({ tickRate: 5 });
    const client = await FrameCollector.connect(address.coinbaseWsUrl);
    client.ws.send(
      JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['ticker', 'heartbeat'] }),
    );
    const ack = await client.waitFor((f) => f.json?.type === 'subscriptions');
    expect(ack.json).toMatchObject({
      channels: [{ name: 'ticker', product_ids: ['BTC-USD'] }, expect.anything()],
    });
    const ticker = await client.waitFor((f) => f.json?.type === 'ticker', 5_000);
    expect(ticker.json).toMatchObject({
      product_id: 'BTC-USD',
      price: expect.any(String),
      trade_id: expect.any(Number),
    });
    await client.waitFor((f) => f.json?.type === 'heartbeat', 5_000);
    client.ws.send(JSON.stringify({ type: 'subscribe', product_ids: ['NOPE-USD'] }));
    const error = await client.waitFor((f) => f.json?.type === 'error');
    expect(error.json).toMatchObject({ message: 'Failed to subscribe' });
    client.ws.close();
  });

  it('serves CoinDesk index ticks and minutes in the {Data, Err} envelope, 401 without the key', async () => {
    const { address, get } = await start({ apiKey: 'k-123' });
    const tick = `${address.coindeskBaseUrl}/index/cc/v1/latest/tick?market=cadli&instruments=BTC-USD`;
    const denied = await get(tick);
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({
      Data: {},
      Err: { type: 2, message: expect.stringContaining('API key required') },
    });
    const auth = { authorization: 'Apikey k-123' };
    const ok = await get(tick, auth);
    expect(ok.body).toMatchObject({
      Err: {},
      Data: { 'BTC-USD': { TYPE: '266', MARKET: 'cadli', INSTRUMENT: 'BTC-USD' } },
    });
    const minutes = await get(
      `${address.coindeskBaseUrl}/index/cc/v1/historical/minutes?market=cadli&instrument=BTC-USD&limit=5`,
      auth,
    );
    const rows = (minutes.body as { Data: Json[] }).Data;
    expect(rows).toHaveLength(5);
    const stamps = rows.map((r) => r.TIMESTAMP as number);
    expect(stamps.every((t, i) => i === 0 || t - (stamps[i - 1] as number) === 60)).toBe(true);
    expect(
      (
        await get(
          `${address.coindeskBaseUrl}/index/cc/v1/latest/tick?market=cccagg&instruments=BTC-USD`,
          auth,
        )
      ).status,
    ).toBe(400);
  });
});
