import { createClient } from './client.js';
import { sseEvents, startFakeGateway } from './testing/fake-gateway.js';

const KEY = 'key-a-0123456789abcdef';

/** The first message of a stream over a client whose connections idle out after 300 ms. */
async function firstMessage(base: string, transport: 'sse' | 'ws') {
  const client = createClient({ url: base, apiKey: KEY, idleTimeoutMs: 300 });
  const errors: string[] = [];
  try {
    const stream = client.stream('t', { transport, backoff: { baseMs: 10, maxMs: 20 } });
    stream.on('error', (e) => errors.push((e as { code?: string }).code ?? ''));
    for await (const message of stream) return { message, errors };
    throw new Error('the stream ended');
  } finally {
    client.close();
  }
}

describe('a connection that goes silent', () => {
  it('SSE: is dropped after idleTimeoutMs and resumed from its position', async () => {
    let connects = 0;
    const fake = await startFakeGateway({
      http: (_req, res, url) => {
        if (++connects === 1) sseEvents(res, [{ event: 'ready', id: '4', data: { topic: 't' } }]);
        else
          sseEvents(res, [
            { event: 'ready', id: url.searchParams.get('from') ?? '?', data: { topic: 't' } },
            { id: '5', data: { n: 5 } },
          ]);
      },
    });
    try {
      const { message, errors } = await firstMessage(fake.base, 'sse');
      expect(message).toEqual({ topic: 't', position: '5', data: { n: 5 } });
      expect(errors).toEqual(['idle_timeout']);
      expect(fake.requests[1]?.url.searchParams.get('from')).toBe('4');
    } finally {
      await fake.close();
    }
  });

  it('WebSocket: is pinged, dropped when no answer comes, and resubscribed from its position', async () => {
    const sockets = new Map<object, number>();
    const frames: string[] = [];
    const fake = await startFakeGateway({
      ws: (socket, frame) => {
        if (!sockets.has(socket)) sockets.set(socket, sockets.size + 1);
        const n = sockets.get(socket);
        frames.push(`${n}:${frame.type}${frame.type === 'subscribe' ? `:${frame.from ?? '-'}` : ''}`);
        if (frame.type !== 'subscribe') return; // pings stay unanswered
        socket.send(JSON.stringify({ type: 'subscribed', id: frame.id, topic: 't', position: '4' }));
        if (n === 2)
          socket.send(
            JSON.stringify({ type: 'data', id: frame.id, topic: 't', position: '5', messages: [{ n: 5 }] }),
          );
      },
    });
    try {
      const { message, errors } = await firstMessage(fake.base, 'ws');
      expect(message).toEqual({ topic: 't', position: '5', data: { n: 5 } });
      expect(errors).toEqual(['socket_closed']);
      expect(frames[0]).toBe('1:subscribe:-');
      expect(frames).toContain('1:ping');
      expect(frames.at(-1)).toBe('2:subscribe:4');
    } finally {
      await fake.close();
    }
  });
});
