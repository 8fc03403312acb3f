import { createServer } from 'node:http';
import { eventually } from '@mdp/runtime/testing';
import { WebSocket } from 'ws';
import { createClient } from './client.js';
import { MdpError } from './errors.js';
import { sseEvents, startFakeGateway } from './testing/fake-gateway.js';

const KEY = 'key-a-0123456789abcdef';
const refuse = (status: number, code: string) => ({
  status,
  body: JSON.stringify({ error: { code, message: code } }),
});

/** A gateway answering the SSE requests with `answers` in turn, then with a ready stream and one message. */
async function gatewayAnswering(answers: Array<{ status: number; body: string }>) {
  return startFakeGateway({
    http: (_req, res) => {
      const answer = answers.shift();
      if (answer) res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      else
        sseEvents(res, [
          { event: 'ready', id: '0', data: { topic: 't', position: '0' } },
          { id: '1', data: { type: 'PriceTick' } },
        ]);
    },
  });
}

describe('stream failures', () => {
  it('a passing refusal (503, 429) is reported and retried with backoff until the stream opens', async () => {
    const fake = await gatewayAnswering([
      refuse(503, 'reader_unavailable'),
      refuse(429, 'too_many_connections'),
    ]);
    const client = createClient({ url: fake.base, apiKey: KEY });
    const stream = client.stream('t', { backoff: { baseMs: 10, maxMs: 20 } });
    const errors: string[] = [];
    stream.on('error', (e) => errors.push((e as MdpError).code));
    try {
      for await (const message of stream) {
        expect(message).toEqual({ topic: 't', position: '1', data: { type: 'PriceTick' } });
        break;
      }
      expect(errors).toEqual(['reader_unavailable', 'too_many_connections']);
      expect(fake.requests).toHaveLength(3);
    } finally {
      client.close();
      await fake.close();
    }
  });

  it('a final refusal (404 unknown_topic) ends the stream: the iterator throws it', async () => {
    const fake = await gatewayAnswering([refuse(404, 'unknown_topic')]);
    const client = createClient({ url: fake.base, apiKey: KEY });
    try {
      const stream = client.stream('t');
      const thrown = await (async () => {
        for await (const _ of stream);
      })().catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(MdpError);
      expect(thrown).toMatchObject({ status: 404, code: 'unknown_topic' });
      expect(stream.state).toBe('closed');
      expect(fake.requests).toHaveLength(1);
    } finally {
      client.close();
      await fake.close();
    }
  });

  it('a refused WebSocket upgrade is retried, also with the ws package (Node 20), whose errors would throw', async () => {
    const refusing = createServer((_req, res) => res.writeHead(404).end());
    refusing.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n'));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(refusing.address() as { port: number }).port}`;
    const client = createClient({ url, apiKey: KEY, WebSocket });
    const stream = client.stream('t', { transport: 'ws', backoff: { baseMs: 10, maxMs: 20 } });
    const errors: string[] = [];
    stream.on('error', (e) => errors.push((e as MdpError).code));
    try {
      await eventually(() => errors.length >= 3, 'three failed connects', 5000);
      expect(new Set(errors)).toEqual(new Set(['socket_closed']));
      expect(stream.state).toBe('reconnecting');
    } finally {
      client.close();
      refusing.close();
    }
  });
});
