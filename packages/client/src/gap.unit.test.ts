import { eventually } from '@mdp/runtime/testing';
import { createClient } from './client.js';
import { sseEvents, startFakeGateway } from './testing/fake-gateway.js';
import type { GapEvent } from './types.js';

const envelope = (n: number) => ({
  type: 'PriceTick',
  version: 1,
  id: `e${n}`,
  data: { tradeId: String(n) },
});
const gap = { from: '1.0', to: '5.0', dropped: 4, conflated: 0 };

/** What a stream surfaced, in order: messages by trade id, gaps as `gap:from-to`. */
async function timeline(transport: 'sse' | 'ws', base: string) {
  const client = createClient({ url: base, apiKey: 'key-a-0123456789abcdef' });
  const stream = client.stream('dyn.ticks.test', { transport });
  const seen: string[] = [];
  const gaps: GapEvent[] = [];
  stream.on('gap', (g) => {
    gaps.push(g);
    seen.push(`gap:${g.from}-${g.to}`);
  });
  const reading = (async () => {
    for await (const m of stream) seen.push((m.data.data as { tradeId: string }).tradeId);
  })();
  await eventually(() => seen.length === 3, 'two messages and the gap', 5000);
  client.close();
  await reading;
  return { seen, gaps };
}

describe('gaps are surfaced', () => {
  it('over SSE, in order between the messages', async () => {
    const fake = await startFakeGateway({
      http: (_req, res) =>
        sseEvents(res, [
          { event: 'ready', id: '0.0', data: { topic: 'dyn.ticks.test', position: '0.0' } },
          { id: '1.0', data: envelope(0) },
          { event: 'gap', data: gap },
          { id: '6.0', data: envelope(5) },
        ]),
    });
    try {
      const { seen, gaps } = await timeline('sse', fake.base);
      expect(seen).toEqual(['0', 'gap:1.0-5.0', '5']);
      expect(gaps).toEqual([{ topic: 'dyn.ticks.test', ...gap }]);
    } finally {
      await fake.close();
    }
  });

  it('over a WebSocket, in order between the messages', async () => {
    const fake = await startFakeGateway({
      ws: (socket, frame) => {
        if (frame.type !== 'subscribe') return;
        const id = frame.id;
        const topic = 'dyn.ticks.test';
        for (const f of [
          { type: 'subscribed', id, topic, position: '0.0' },
          { type: 'data', id, topic, position: '1.0', messages: [envelope(0)] },
          { type: 'gap', id, topic, ...gap },
          { type: 'data', id, topic, position: '6.0', messages: [envelope(5)] },
        ])
          socket.send(JSON.stringify(f));
      },
    });
    try {
      const { seen, gaps } = await timeline('ws', fake.base);
      expect(seen).toEqual(['0', 'gap:1.0-5.0', '5']);
      expect(gaps).toEqual([{ topic: 'dyn.ticks.test', ...gap }]);
    } finally {
      await fake.close();
    }
  });
});
