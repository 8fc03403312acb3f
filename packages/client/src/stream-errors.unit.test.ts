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
});
