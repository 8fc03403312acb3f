import type { AddressInfo } from 'node:net';
import { createLogger } from '@mdp/runtime/logger';
import { createMetricsRegistry } from '@mdp/runtime/metrics';
import { eventually } from '@mdp/runtime/testing';
import { WebSocketServer } from 'ws';
import { createGatewayMetrics } from '../metrics';
import { ClientRegistry } from '../streams/clients';
import type { FeedCursor } from '../streams/feed-cursor';
import type { StreamHandlers, StreamOpener } from '../streams/opener';
import { openWs } from '../testing/ws-client';
import type { FeedEntry } from '../topics/feed';
import { WsConnection } from './connection';
import { createFrameLimiter } from './rate-limit';

const entry = (n: number): FeedEntry => ({
  seq: n,
  partition: 0,
  offset: n,
  key: 'CCCAGG:BTC-USD',
  json: JSON.stringify({ n }),
  timestamp: n,
});

/** A cursor over a growing list; the faulty one throws when the socket pulls messages from it. */
function fakeCursor(list: FeedEntry[], faulty: boolean) {
  let at = 0;
  return {
    takeGap: () => undefined,
    take(max: number) {
      if (faulty && at < list.length) throw new Error('injected fault in the data path');
      const out = list.slice(at, at + max);
      at += out.length;
      return out;
    },
    currentPosition: () => [at],
    pending: () => list.length - at,
  } as unknown as FeedCursor;
}

describe('WsConnection crash policy', () => {
  it('a throw while writing to one client (called from the topic fan-out) closes it with 1011 only', async () => {
    const registry = createMetricsRegistry('test', { defaultMetrics: false });
    const metrics = createGatewayMetrics(registry);
    const feed: FeedEntry[] = [];
    const readers: StreamHandlers[] = [];
    const opener = (async (_req, appId, handlers) => {
      readers.push(handlers);
      return {
        topic: 't',
        spec: { kind: 'ticks', symbols: ['BTC'], quote: 'USD', market: 'CCCAGG', samplingMs: 0 },
        cursor: fakeCursor(feed, appId === 'bad-app'),
        start: [0],
        close: () => {},
      };
    }) as StreamOpener;
    const deps = {
      opener,
      clients: new ClientRegistry(
        { connectionsPerApp: 10, subscriptionsPerApp: 10, pendingRequestsPerApp: 10 },
        metrics,
      ),
      metrics,
      logger: createLogger({ service: 'test', level: 'silent' }),
      frameLimiter: createFrameLimiter({
        socket: { perSecond: 100, burst: 100 },
        app: { perSecond: 100, burst: 100 },
      }),
      highWaterBytes: 64 * 1024,
      maxMalformedFrames: 5,
      pingIntervalMs: 60_000,
      newId: () => String(Math.random()),
    };
    const wss = new WebSocketServer({ port: 0, autoPong: false });
    wss.on('connection', (ws, req) => {
      const appId = new URL(req.url ?? '/', 'http://x').searchParams.get('app') ?? '';
      new WsConnection(ws, appId, () => {}, deps);
    });
    const base = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    try {
      const bad = openWs(base, null, '?app=bad-app');
      const good = openWs(base, null, '?app=good-app');
      await Promise.all([bad.opened, good.opened]);
      for (const c of [bad, good]) c.send({ type: 'subscribe', id: 's', topic: 't' });
      await eventually(() => readers.length === 2 && good.ofType('subscribed').length === 1, 'subscribed');
      for (let n = 0; n < 5; n++) {
        feed.push(entry(n));
        // The topic's fan-out: must never throw, whatever one client does.
        for (const r of readers) expect(() => r.onReadable()).not.toThrow();
      }
      expect(await bad.closed).toEqual({ code: 1011, reason: 'internal error' });
      await eventually(
        () => good.ofType('data').flatMap((f) => f.messages as unknown[]).length === 5,
        'all data',
      );
      expect((await metrics.clientErrors.get()).values).toEqual([
        expect.objectContaining({ labels: { transport: 'ws' }, value: 1 }),
      ]);
    } finally {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((r) => wss.close(r));
    }
  });
});
