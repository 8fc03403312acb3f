import { createManualClock } from '../clock';
import type { Simulator } from '../simulator';
import { createSimulator } from '../simulator';
import { FrameCollector } from '../testing/frame-collector';

const start = Date.UTC(2025, 4, 1, 12, 0, 10);

describe('type-24 minute candles on an injected clock', () => {
  const clock = createManualClock(start);
  let sim: Simulator;
  let client: FrameCollector;
  let baseUrl: string;

  beforeAll(async () => {
    sim = createSimulator({
      clock,
      seed: 9,
      pairs: ['BTC-USD'],
      tickRate: 2,
      candleUpdateMs: 10_000,
      historyMinutes: 60,
    });
    const address = await sim.start();
    baseUrl = address.baseUrl;
    const { wsUrl } = address;
    client = await FrameCollector.connect(wsUrl);
    client.send({ action: 'SubAdd', subs: ['24~CCCAGG~BTC~USD~m', '5~CCCAGG~BTC~USD'] });
    await client.waitForType('3');
  });
  afterAll(async () => {
    client.close();
    await sim.stop();
  });

  it('closes each minute with the ground-truth candle and opens the next one empty', async () => {
    clock.advance(61_000);
    const opened = await client.waitFor(
      (f) => f.json?.TYPE === '24' && f.json.ACTION === 'I' && f.json.TS === 1746100860,
    );
    const frames = client.ofType('24');
    const closedFrames = frames.filter((f) => f.TS === 1746100800);
    const [truth] = sim.emitted.candles({ market: 'CCCAGG', pair: 'BTC-USD' });
    expect(truth?.time).toBe(1746100800);
    const final = closedFrames.at(-1);
    expect(final).toMatchObject({
      ACTION: 'U',
      OPEN: truth?.open,
      HIGH: truth?.high,
      LOW: truth?.low,
      CLOSE: truth?.close,
      VOLUMEFROM: truth?.volumefrom,
    });
    expect(closedFrames.some((f) => f.ACTION === 'A')).toBe(true);
    expect(opened.json).toMatchObject({
      OPEN: truth?.close,
      CLOSE: truth?.close,
      VOLUMEFROM: 0,
      TOTALTRADES: 0,
    });
    // The last index tick of the minute carries the candle's close.
    const lastTick = sim.emitted
      .ticks({ market: 'CCCAGG', pair: 'BTC-USD' })
      .filter((t) => t.atMs < 1746100860_000)
      .at(-1);
    expect(lastTick?.price).toBe(truth?.close);
  });

  it('has histominute agree with the streamed candles', async () => {
    const res = await fetch(`${baseUrl}/data/v2/histominute?fsym=BTC&tsym=USD&limit=1&toTs=1746100800`);
    const body = (await res.json()) as { Data: { Data: { time: number; close: number; open: number }[] } };
    const [truth] = sim.emitted.candles({ market: 'CCCAGG', pair: 'BTC-USD' });
    expect(body.Data.Data.at(-1)).toMatchObject({ time: 1746100800, open: truth?.open, close: truth?.close });
  });
});
