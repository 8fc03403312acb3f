import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '@mdp/runtime/testing';
import { api } from '../testing/gateway';
import { tick, tickId, writeTicks } from '../testing/market';
import { useGatewayPlatform } from '../testing/platform';
import { verifyWebhook, WebhookHeaders } from './signature';

const platform = useGatewayPlatform({
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_TIMEOUT_MS: '300',
  WEBHOOK_BATCH_MESSAGES: '25',
  WEBHOOK_DISABLE_AFTER_FAILED_BATCHES: '2',
});
const { producer } = platform;

type Received = {
  delivery: string;
  sequence: number;
  validSignature: boolean;
  status: number;
  body: { messages: Array<{ data: { base: string; tradeId: string } }>; undelivered?: unknown };
};

/** A webhook receiver: checks every signature; `answer(n)` decides the status of the n-th request (0 = hang). */
async function receiver(secret: () => string, answer: (n: number) => number) {
  const requests: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString();
    });
    req.on('end', () => {
      const header = (name: string) => String(req.headers[name] ?? '');
      const status = answer(requests.length);
      requests.push({
        delivery: header(WebhookHeaders.delivery),
        sequence: Number(header(WebhookHeaders.sequence)),
        validSignature: verifyWebhook(
          secret(),
          header(WebhookHeaders.timestamp),
          text,
          header(WebhookHeaders.signature),
        ),
        status,
        body: JSON.parse(text),
      });
      if (status > 0) res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    requests,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('webhooks', () => {
  it('POSTs signed batches, retries after 500s, and delivers every message', async () => {
    const secret = 'receiver-secret-0123456789';
    const hook = await receiver(
      () => secret,
      (n) => (n < 2 ? 500 : 200),
    );
    try {
      const created = await api(platform.gw, 'POST', '/v1/webhooks', {
        body: { url: hook.url, secret, spec: { kind: 'ticks', symbols: ['XRP'], quote: 'USD' } },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ state: 'active', deliveredBatches: 0 });
      expect(created.body.secret).toBeUndefined();
      const topic = created.body.topic as string;
      const ticks = Array.from({ length: 100 }, (_, n) => tick('XRP', n));
      await writeTicks(producer, topic, ticks);
      const delivered = () =>
        hook.requests.filter((r) => r.status === 200).flatMap((r) => r.body.messages.map(tickId));
      await eventually(() => delivered().length === 100, 'every message delivered', 30_000);
      expect([...delivered()].sort()).toEqual(ticks.map((t) => `XRP#${t.tradeId}`).sort());
      expect(hook.requests.every((r) => r.validSignature)).toBe(true);
      const first = hook.requests[0];
      expect(hook.requests.slice(0, 3).map((r) => r.delivery)).toEqual([
        first?.delivery,
        first?.delivery,
        first?.delivery,
      ]);
      const status = await api(platform.gw, 'GET', `/v1/webhooks/${created.body.id}`);
      expect(status.body).toMatchObject({
        state: 'active',
        deliveredMessages: 100,
        failedBatches: 0,
        lastError: 'http_status_5xx',
      });
      const metrics = await (await fetch(`${platform.gw.base}/metrics`)).text();
      expect(metrics).toMatch(/gateway_webhook_deliveries_total\{[^}]*outcome="retry"[^}]*\} 2/);
      expect((await api(platform.gw, 'DELETE', `/v1/webhooks/${created.body.id}`)).status).toBe(204);
      expect((await api(platform.gw, 'GET', '/v1/webhooks')).body.webhooks).toEqual([]);
    } finally {
      hook.close();
    }
  }, 60_000);

  it('gives up on a batch after the bound, records it, and disables a webhook that keeps failing', async () => {
    let secret = '';
    const hook = await receiver(
      () => secret,
      (n) => (n === 0 ? 0 : 500),
    );
    try {
      const created = await api(platform.gw, 'POST', '/v1/webhooks', {
        body: { url: hook.url, spec: { kind: 'ticks', symbols: ['DOT'], quote: 'USD' } },
      });
      expect(created.status).toBe(201);
      secret = created.body.secret as string;
      expect(secret.length).toBeGreaterThanOrEqual(16);
      await writeTicks(
        producer,
        created.body.topic as string,
        Array.from({ length: 60 }, (_, n) => tick('DOT', n)),
      );
      await eventually(
        async () =>
          (await api(platform.gw, 'GET', `/v1/webhooks/${created.body.id}`)).body.state === 'disabled',
        'disabled',
        30_000,
      );
      const status = (await api(platform.gw, 'GET', `/v1/webhooks/${created.body.id}`)).body;
      expect(status).toMatchObject({
        failedBatches: 2,
        consecutiveFailures: 2,
        lastError: 'http_status_5xx',
        deliveredBatches: 0,
      });
      expect(status.disabledReason).toMatch(/consecutive/);
      expect(hook.requests).toHaveLength(6);
      expect(hook.requests.every((r) => r.validSignature)).toBe(true);
      expect(hook.requests[3]?.body.undelivered).toMatchObject({ sequence: 1, messages: expect.any(Number) });
      const metrics = await (await fetch(`${platform.gw.base}/metrics`)).text();
      expect(metrics).toMatch(/gateway_webhook_deliveries_total\{[^}]*outcome="failed"[^}]*\} 2/);
    } finally {
      hook.close();
    }
  }, 60_000);
});
