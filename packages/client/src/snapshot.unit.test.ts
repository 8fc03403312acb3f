import { eventually } from '@mdp/runtime/testing';
import { createClient } from './client.js';
import { sseEvents, startFakeGateway } from './testing/fake-gateway.js';

const candle = (minute: number) => ({ base: 'BTC', start: minute * 60_000, close: minute });

describe('snapshot-then-live', () => {
  it('the snapshot comes before the first message, and a reconnect resumes without asking for it again', async () => {
    let connects = 0;
    const fake = await startFakeGateway({
      http: (_req, res, url) => {
        connects++;
        if (url.searchParams.has('snapshot')) {
          sseEvents(res, [
            { event: 'ready', id: '5', data: { topic: 'dyn.candles', position: '5' } },
            { event: 'snapshot', data: { seam: 120_000, kind: 'candles.1m', data: [candle(0), candle(1)] } },
            { id: '6', data: { type: 'Candle1m', data: candle(2) } },
          ]);
          res.end(); // a dropped connection
        } else {
          sseEvents(res, [
            { event: 'ready', id: url.searchParams.get('from') ?? '?', data: { topic: 'dyn.candles' } },
            { id: '7', data: { type: 'Candle1m', data: candle(3) } },
          ]);
        }
      },
    });
    const client = createClient({ url: fake.base, apiKey: 'key-a-0123456789abcdef' });
    const spec = { kind: 'candles.1m', symbols: ['BTC'], quote: 'USD' } as const;
    const stream = client.stream(spec, { snapshot: 2, backoff: { baseMs: 10, maxMs: 20 } });
    const seen: string[] = [];
    stream.on('snapshot', (s) => seen.push(`snapshot ${s.topic} ${s.data.length} rows before ${s.seam}`));
    stream.on('message', (m) => seen.push(`candle ${m.data.data.close} at ${m.position}`));
    try {
      await eventually(() => seen.length === 3, 'snapshot and two candles', 5000);
      expect(seen).toEqual(['snapshot dyn.candles 2 rows before 120000', 'candle 2 at 6', 'candle 3 at 7']);
      expect(connects).toBe(2);
      const [first, second] = fake.requests.map((r) => r.url.searchParams);
      expect(first?.get('snapshot')).toBe('2');
      expect(JSON.parse(first?.get('spec') ?? '')).toEqual(spec);
      expect(second?.get('snapshot')).toBeNull();
      expect(second?.get('topic')).toBe('dyn.candles');
      expect(second?.get('from')).toBe('6');
    } finally {
      client.close();
      await fake.close();
    }
  });
});
