import type { SocketFactory, SocketHandlers } from '../../stream/socket';
import { CoinbaseFeed, type FeedEvent } from './feed';

function setup() {
  const sockets: Array<{ url: string; handlers: SocketHandlers; sent: string[]; closed: boolean }> = [];
  const factory: SocketFactory = (url, _headers, handlers) => {
    const s = { url, handlers, sent: [] as string[], closed: false };
    sockets.push(s);
    return {
      send: (text) => void s.sent.push(text),
      close: () => {
        s.closed = true;
        handlers.onClose(1006, 'closed by client');
      },
    };
  };
  const ticks: unknown[] = [];
  const skipped: string[] = [];
  const events: FeedEvent[] = [];
  const feed = new CoinbaseFeed({
    url: 'wss://feed.test',
    products: [{ market: 'COINBASE', base: 'BTC', quote: 'USD' }],
    deadAfterMs: 15_000,
    reconnectMinMs: 5_000,
    reconnectMaxMs: 60_000,
    socketFactory: factory,
    onTick: (t) => ticks.push(t),
    onSkipped: (r) => skipped.push(r),
    onEvent: (e) => events.push(e),
  });
  return { feed, sockets, ticks, skipped, events };
}

const ticker = JSON.stringify({
  type: 'ticker',
  product_id: 'BTC-USD',
  price: '100.5',
  time: '2024-01-01T00:00:00.123456Z',
  trade_id: 7,
});

describe('CoinbaseFeed', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('subscribes to ticker and heartbeat on open and turns ticker messages into ticks', () => {
    const t = setup();
    t.feed.start();
    const s = t.sockets[0];
    if (!s) throw new Error('no socket');
    s.handlers.onOpen();
    expect(JSON.parse(s.sent[0] ?? '')).toEqual({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['ticker', 'heartbeat'],
    });
    s.handlers.onMessage('{"type":"subscriptions","channels":[]}');
    expect(t.feed.isConnected()).toBe(true);
    s.handlers.onMessage(ticker);
    s.handlers.onMessage('{"type":"heartbeat","product_id":"BTC-USD"}');
    s.handlers.onMessage('not json');
    s.handlers.onMessage(
      '{"type":"ticker","product_id":"BTC-USD","price":"-1","time":"2024-01-01T00:00:00Z"}',
    );
    expect(t.ticks).toEqual([expect.objectContaining({ price: 100.5, tradeId: '7', origin: 'stream' })]);
    expect(t.skipped).toEqual(['invalid_json', 'bad_price']);
    t.feed.stop();
  });

  it('reconnects no sooner than reconnectMinMs after a lost socket, and drops a silent one', () => {
    const t = setup();
    t.feed.start();
    t.sockets[0]?.handlers.onOpen();
    t.sockets[0]?.handlers.onMessage('{"type":"subscriptions"}');
    t.sockets[0]?.handlers.onClose(1006, '');
    expect(t.feed.isConnected()).toBe(false);
    jest.advanceTimersByTime(4_999);
    expect(t.sockets).toHaveLength(1);
    jest.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(2);
    t.sockets[1]?.handlers.onOpen();
    // Heartbeats come every second: 15 s of silence means the socket is dead.
    jest.advanceTimersByTime(15_000);
    expect(t.sockets[1]?.closed).toBe(true);
    expect(t.events.some((e) => e.kind === 'dead')).toBe(true);
    // Stopped: the reconnect the dead socket scheduled never happens.
    t.feed.stop();
    jest.advanceTimersByTime(120_000);
    expect(t.sockets).toHaveLength(2);
  });
});
