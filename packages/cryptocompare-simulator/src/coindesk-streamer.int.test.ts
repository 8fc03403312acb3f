import { createSimulator, type Simulator } from './simulator';
import { FrameCollector } from './testing/frame-collector';

describe('CoinDesk data-streamer shapes', () => {
  const sims: Simulator[] = [];
  afterAll(async () => {
    for (const sim of sims) await sim.stop();
  });

  async function start() {
    const sim = createSimulator({ historyMinutes: 5, pairs: ['BTC-USD'], tickRate: 5, apiKey: 'k-123' });
    sims.push(sim);
    return { sim, address: await sim.start() };
  }

  it.each([
    [
      'SUBSCRIBE',
      {
        action: 'SUBSCRIBE',
        type: 'index_cc_v1_latest_tick',
        market: 'cadli',
        instruments: ['BTC-USD'],
        groups: ['VALUE'],
      },
    ],
    [
      'SUB_ADD',
      {
        action: 'SUB_ADD',
        type: '1101',
        groups: ['VALUE'],
        subscriptions: [{ market: 'ccix', instrument: 'BTC-USD' }],
      },
    ],
  ])(
    'streams TYPE 1101 index ticks after a %s subscription with the key in the header',
    async (_name, sub) => {
      const { address } = await start();
      const client = await FrameCollector.connect(address.coindeskWsUrl, { authorization: 'Apikey k-123' });
      client.ws.send(JSON.stringify(sub));
      await client.waitFor((f) => f.json?.MESSAGE === 'SUBSCRIBE_COMPLETE');
      const tick = await client.waitFor((f) => f.json?.TYPE === '1101', 5_000);
      expect(tick.json).toMatchObject({
        MARKET: 'market' in sub ? sub.market : 'ccix',
        INSTRUMENT: 'BTC-USD',
        VALUE: expect.any(Number),
        CCSEQ: expect.any(Number),
        VALUE_LAST_UPDATE_TS: expect.any(Number),
        VALUE_FLAG: expect.stringMatching(/^(UP|DOWN|UNCHANGED)$/),
      });
      await client.waitFor((f) => f.json?.MESSAGE === 'HEARTBEAT', 5_000);
      client.ws.send(
        JSON.stringify({ action: 'SUBSCRIBE', type: 'index_cc_v1_latest_tick', market: 'cadli' }),
      );
      await client.waitFor((f) => f.json?.MESSAGE === 'SUBSCRIBE_ERROR');
      client.ws.close();
    },
  );

  it('refuses the handshake without the right key, and drops sockets on the fault', async () => {
    const { sim, address } = await start();
    await expect(
      FrameCollector.connect(address.coindeskWsUrl, { authorization: 'Apikey wrong' }),
    ).rejects.toThrow();
    const client = await FrameCollector.connect(`${address.coindeskWsUrl}?api_key=k-123`);
    const closed = new Promise<void>((resolve) => client.ws.once('close', () => resolve()));
    sim.faults.set({ dropSockets: true });
    await closed;
  });
});
