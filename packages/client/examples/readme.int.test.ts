import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookBatch } from '@mdp/client/webhooks';
import { api, KEY_A } from '@mdp/dynamic-gateway/testing/gateway';
import {
  type HistoryDatabase,
  historyDatabase,
  seedCandles,
  seedTicks,
} from '@mdp/dynamic-gateway/testing/history-db';
import { tick, writeTicks } from '@mdp/dynamic-gateway/testing/market';
import { useGatewayPlatform } from '@mdp/dynamic-gateway/testing/platform';
import { eventually } from '@mdp/runtime/testing';
import { candleHistory } from './candle-history.js';
import { livePrices } from './live-prices.js';
import { webhookReceiver } from './webhook-receiver.js';

// The README shows these files as they are; this test runs them against a real gateway.
const EXAMPLES = ['live-prices.ts', 'candle-history.ts', 'webhook-receiver.ts'];

let hdb: HistoryDatabase;
// Made before the platform starts (hooks run in the order declared), dropped after it stopped.
beforeAll(async () => {
  hdb = await historyDatabase('clientdoc');
}, 60_000);
const platform = useGatewayPlatform(() => ({ HISTORY_DATABASE_URL: hdb.readerUrl }));
afterAll(() => hdb?.drop(), 60_000);
const { producer } = platform;

describe('the README', () => {
  it('shows every example file verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const file of EXAMPLES) {
      const source = readFileSync(join(__dirname, file), 'utf8');
      expect(readme).toContain(`\`\`\`ts\n// examples/${file}\n${source}\`\`\``);
    }
  });
});

describe('the README examples, run', () => {
  it('live prices: ticks written to the topic arrive in order, with their resume positions', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    const created = await api(platform.gw, 'POST', '/v1/streams', {
      body: { spec: { kind: 'ticks', symbols: ['BTC', 'ETH'], quote: 'USD' } },
    });
    const topic = created.body.topic as string;
    const reading = livePrices(platform.gw.base, KEY_A, 6);
    // Written until the example has subscribed and read them (it starts live, at "now").
    let n = 0;
    const writer = setInterval(() => void writeTicks(producer, topic, [tick('BTC', n++)]), 200);
    try {
      const lines = await reading;
      expect(lines).toHaveLength(6);
      const prices = lines.map((l) => /^BTC-USD (\d+) \(resume from (\d+(\.\d+)*)\)$/.exec(l));
      expect(prices.every((m) => m !== null)).toBe(true);
      const values = prices.map((m) => Number(m?.[1]));
      expect(values).toEqual(values.map((_, i) => (values[0] as number) + i));
      expect(log).toHaveBeenCalledWith('connection: open');
    } finally {
      clearInterval(writer);
      log.mockRestore();
    }
  }, 60_000);

  it('candle history: a whole day page by page, and the latest tick of each pair', async () => {
    const day = '2026-01-05';
    await seedCandles(hdb.sql, 'BTC', Date.parse(`${day}T00:00:00Z`), 1440);
    await seedTicks(hdb.sql, 'BTC', Date.parse(`${day}T12:00:00Z`), 3);
    await seedTicks(hdb.sql, 'ETH', Date.parse(`${day}T12:00:00Z`), 5);
    const { candles, latest } = await candleHistory(platform.gw.base, KEY_A, day);
    expect(candles).toHaveLength(1440);
    expect(candles.map((c) => c.close)).toEqual(Array.from({ length: 1440 }, (_, i) => i));
    expect(candles[0]).toMatchObject({ base: 'BTC', quote: 'USD', start: Date.parse(`${day}T00:00:00Z`) });
    expect([...latest].sort()).toEqual(['BTC 2', 'ETH 4']);
  }, 60_000);

  it('webhook receiver: accepts the gateway’s signed batches and refuses a forged one', async () => {
    const secret = 'receiver-secret-0123456789';
    const batches: WebhookBatch[] = [];
    const server = webhookReceiver(secret, (b) => batches.push(b));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    try {
      const created = await api(platform.gw, 'POST', '/v1/webhooks', {
        body: { url, secret, spec: { kind: 'ticks', symbols: ['ADA'], quote: 'USD' } },
      });
      expect(created.status).toBe(201);
      await writeTicks(
        producer,
        created.body.topic as string,
        Array.from({ length: 10 }, (_, n) => tick('ADA', n)),
      );
      await eventually(() => batches.flatMap((b) => b.messages).length === 10, 'ten messages', 30_000);
      expect(batches.flatMap((b) => b.messages).map((m) => (m.data as { tradeId: string }).tradeId)).toEqual(
        Array.from({ length: 10 }, (_, n) => String(n)),
      );

      const forged = await fetch(url, {
        method: 'POST',
        headers: { 'x-mdp-timestamp': String(Date.now()), 'x-mdp-signature': `sha256=${'0'.repeat(64)}` },
        body: JSON.stringify({ messages: [] }),
      });
      expect(forged.status).toBe(401);
      await api(platform.gw, 'DELETE', `/v1/webhooks/${created.body.id}`);
    } finally {
      server.close();
    }
  }, 60_000);
});
