import { loadFixture } from '../fixtures';
import type { Simulator } from '../simulator';
import { createSimulator } from '../simulator';
import { FrameCollector } from '../testing/frame-collector';

type Json = Record<string, unknown>;

describe('v2 streamer', () => {
  let sim: Simulator;
  let wsUrl: string;
  const clients: FrameCollector[] = [];
  const connect = async (url = wsUrl, headers?: Record<string, string>) => {
    const client = await FrameCollector.connect(url, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sim = createSimulator({
      seed: 5,
      pairs: ['BTC-USD'],
      tickRate: 20,
      heartbeatMs: 150,
      candleUpdateMs: 100,
      maxSocketsPerKey: 10,
      maxSubsPerSocket: 3,
      historyMinutes: 60,
    });
    ({ wsUrl } = await sim.start());
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    sim.faults.clear();
  });
  afterAll(() => sim.stop());

  it('welcomes with the real TYPE 20 key set', async () => {
    const client = await connect();
    const welcome = await client.waitForType('20');
    expect(Object.keys(welcome)).toEqual(
      Object.keys(loadFixture('ws_welcome_2025_tradingview.json') as Json),
    );
    expect(welcome).toMatchObject({ MESSAGE: 'STREAMERWELCOME', DATA_FORMAT: 'JSON', SOCKETS_ACTIVE: 1 });
  });

  it('sends a full type-5 snapshot, SUBSCRIBECOMPLETE, LOADCOMPLETE, then partial updates', async () => {
    const client = await connect();
    client.send({ action: 'SubAdd', subs: ['5~CCCAGG~BTC~USD'] });
    await client.waitForType('3');
    const types = client.frames.map((f) => f.json?.TYPE);
    expect(types.slice(0, 4)).toEqual(['20', '5', '16', '3']);
    expect(client.ofType('16')[0]).toEqual({
      TYPE: '16',
      MESSAGE: 'SUBSCRIBECOMPLETE',
      SUB: '5~CCCAGG~BTC~USD',
    });
    const real = loadFixture('ws_type5_2020_dart.json') as Json;
    const full = client.ofType('5')[0] ?? {};
    for (const key of Object.keys(real)) expect(typeof full[key]).toBe(typeof real[key]);
    expect(full).toMatchObject({ TYPE: '5', MARKET: 'CCCAGG', FLAGS: expect.any(Number) });
    await client.waitFor(() => client.ofType('5').length >= 8);
    const partials = client.ofType('5').slice(1);
    const merged: Json = { ...full };
    for (const partial of partials) {
      expect(partial).toMatchObject({ TYPE: '5', MARKET: 'CCCAGG', FROMSYMBOL: 'BTC', TOSYMBOL: 'USD' });
      expect(Object.keys(partial).length).toBeLessThan(Object.keys(full).length);
      Object.assign(merged, partial);
    }
    expect(partials.some((p) => !('OPENDAY' in p))).toBe(true);
    const tick = sim.emitted
      .ticks({ market: 'CCCAGG', pair: 'BTC-USD' })
      .find((t) => t.lastTradeId === merged.LASTTRADEID);
    expect(merged.PRICE).toBe(tick?.price);
    expect(merged.LASTUPDATE).toBe(tick?.lastUpdate);
  });

  it('sends exchange tickers (type 2), trades (type 0) and minute candles (type 24)', async () => {
    const client = await connect();
    client.send({
      action: 'SubAdd',
      subs: ['2~Coinbase~ETH~USD', '0~Coinbase~ETH~USD', '24~CCCAGG~ETH~USD~m'],
    });
    await client.waitFor(
      () =>
        client.ofType('2').length >= 3 && client.ofType('0').length >= 2 && client.ofType('24').length >= 2,
    );
    const ticker = client.ofType('2')[0] ?? {};
    // The real capture is itself a partial frame: its keys are a subset of the full snapshot's.
    const real = loadFixture('ws_type2_2020_node.json') as Json;
    for (const key of Object.keys(real)) expect(typeof ticker[key]).toBe(typeof real[key]);
    expect(client.ofType('0')[0]).toMatchObject({
      M: 'Coinbase',
      FSYM: 'ETH',
      TSYM: 'USD',
      P: expect.any(Number),
      ID: expect.any(String),
    });
    const candle = client.ofType('24')[0] ?? {};
    expect(candle).toMatchObject({
      MARKET: 'CCCAGG',
      UNIT: 'm',
      ACTION: expect.stringMatching(/^[AUI]$/),
      OPEN: expect.any(Number),
    });
    expect((candle.TS as number) % 60).toBe(0);
  });

  it('acknowledges removal with 17 and 18, and reports protocol errors as 500/429 frames', async () => {
    const client = await connect();
    client.send({ action: 'SubAdd', subs: ['5~CCCAGG~BTC~USD'] });
    await client.waitForType('3');
    client.send({ action: 'SubRemove', subs: ['5~CCCAGG~BTC~USD', '5~CCCAGG~LTC~USD'] });
    expect(await client.waitForType('17')).toMatchObject({ SUB: '5~CCCAGG~BTC~USD' });
    expect(await client.waitForType('18')).toMatchObject({ INFO_OBJ: { valid: 1, invalid: 1 } });
    const errors = async (message: unknown) => {
      const from = client.frames.length;
      client.send(message);
      return client
        .waitFor((f) => f.json?.TYPE === '500' || f.json?.TYPE === '429', 2000, from)
        .then((f) => f.json);
    };
    expect(await errors('{not json')).toMatchObject({ MESSAGE: 'INVALID_JSON' });
    expect(await errors({ subs: ['5~CCCAGG~BTC~USD'] })).toMatchObject({
      MESSAGE: 'INVALID_PARAMETER',
      PARAMETER: 'action',
    });
    expect(await errors({ action: 'SubAdd', subs: 'x' })).toMatchObject({
      MESSAGE: 'INVALID_PARAMETER',
      PARAMETER: 'subs',
    });
    expect(await errors({ action: 'Dance', subs: [] })).toMatchObject({ MESSAGE: 'INVALID_PARAMETER' });
    expect(await errors({ action: 'SubAdd', subs: ['5~CCCAGG~FOO~USD'] })).toMatchObject({
      MESSAGE: 'INVALID_SUB',
      PARAMETER: '5~CCCAGG~FOO~USD',
    });
    expect(await errors({ action: 'SubAdd', subs: ['garbage'] })).toMatchObject({ MESSAGE: 'INVALID_SUB' });
    expect(await errors({ action: 'SubRemove', subs: ['5~CCCAGG~fs~USD'] })).toMatchObject({
      MESSAGE: 'SUBSCRIPTION_UNRECOGNIZED',
    });
    client.send({ action: 'SubAdd', subs: ['5~CCCAGG~BTC~USD'] });
    expect(await errors({ action: 'SubAdd', subs: ['5~CCCAGG~BTC~USD'] })).toMatchObject({
      MESSAGE: 'SUBSCRIPTION_ALREADY_ACTIVE',
    });
    client.send({ action: 'SubAdd', subs: ['5~CCCAGG~ETH~USD', '5~CCCAGG~SOL~USD'] });
    expect(await errors({ action: 'SubAdd', subs: ['5~CCCAGG~XRP~USD'] })).toMatchObject({
      TYPE: '429',
      MESSAGE: 'TOO_MANY_SUBSCRIPTIONS_MAX_3_PER_SOCKET',
    });
    const from = client.frames.length;
    client.send({ action: 'SubRemove', subs: ['*'] });
    expect(await client.waitForType('18', 2000, from)).toMatchObject({
      INFO: 'Removed 3 subs.',
      INFO_OBJ: { valid: 3, invalid: 0 },
    });
    expect(client.frames.slice(from).filter((f) => f.json?.TYPE === '17')).toHaveLength(3);
    expect(client.closeCode).toBeUndefined();
  });

  it('sends heartbeats, and stops them on the fault', async () => {
    const client = await connect();
    await client.waitFor(() => client.ofType('999').length >= 2);
    expect(client.ofType('999')[0]).toMatchObject({ MESSAGE: 'HEARTBEAT', TIMEMS: expect.any(Number) });
    client.send({ action: 'SubAdd', subs: ['5~CCCAGG~BTC~USD'] });
    await client.waitForType('3');
    sim.faults.stopHeartbeats();
    const from = client.frames.length;
    await client.waitFor(() => client.ofType('5').length >= 10);
    expect(client.frames.slice(from).filter((f) => f.json?.TYPE === '999')).toHaveLength(0);
  });

  it('drops every socket on the fault, and breaks frames on the malformed fault', async () => {
    const client = await connect();
    client.send({ action: 'SubAdd', subs: ['5~CCCAGG~BTC~USD'] });
    await client.waitForType('3');
    sim.faults.set({ streamMalformed: { count: 1 } });
    await client.waitFor((f) => f.json === null);
    const res = await fetch(`${wsUrl.replace('ws:', 'http:').replace('/v2', '')}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ dropSockets: true }),
    });
    expect(await res.json()).toMatchObject({ ok: true, droppedSockets: 1 });
    expect(await client.waitForClose()).toBe(1006);
  });
});

describe('v2 streamer admission', () => {
  let sim: Simulator;
  let wsUrl: string;
  beforeAll(async () => {
    sim = createSimulator({ apiKey: 'k1', historyMinutes: 60 });
    ({ wsUrl } = await sim.start());
  });
  afterAll(() => sim.stop());

  it('refuses a missing key with 401 and a second socket per key with 429', async () => {
    const anonymous = await FrameCollector.connect(wsUrl);
    expect(await anonymous.waitForType('401')).toEqual({
      TYPE: '401',
      MESSAGE: 'UNAUTHORIZED',
      PARAMETER: 'format',
      INFO: 'We only support JSON format with a valid api_key.',
    });
    await anonymous.waitForClose();
    const first = await FrameCollector.connect(`${wsUrl}?api_key=k1`);
    await first.waitForType('20');
    const second = await FrameCollector.connect(wsUrl, { authorization: 'Apikey k1' });
    expect(await second.waitForType('429')).toMatchObject({ MESSAGE: 'TOO_MANY_SOCKETS_MAX_1_PER_CLIENT' });
    await second.waitForClose();
    first.close();
  });
});
