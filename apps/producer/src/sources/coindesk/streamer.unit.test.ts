import type { SocketFactory, SocketHandlers } from '../../stream/socket';
import tick1101 from './fixtures/ws-tick-1101-constructed.json';
import { CoinDeskStreamer, type StreamerEvent, type StreamerSyntax } from './streamer';

const KEY = 'cd-key-7f3e9a1b5c';

function setup(syntax: StreamerSyntax = 'subscribe') {
  const sockets: Array<{
    url: string;
    headers: Record<string, string>;
    handlers: SocketHandlers;
    sent: string[];
    closed: boolean;
  }> = [];
  const factory: SocketFactory = (url, headers, handlers) => {
    const s = { url, headers, handlers, sent: [] as string[], closed: false };
    sockets.push(s);
    return {
      send: (text) => void s.sent.push(text),
      close: () => {
        s.closed = true;
        handlers.onClose(1006, 'closed by client');
      },
    };
  };
  const ticks: Array<Record<string, unknown>> = [];
  const skipped: string[] = [];
  const events: StreamerEvent[] = [];
  const streamer = new CoinDeskStreamer({
    url: 'wss://streamer.test/',
    apiKey: KEY,
    syntax,
    market: 'cadli',
    pairs: [
      { market: 'CADLI', base: 'BTC', quote: 'USD' },
      { market: 'CADLI', base: 'ETH', quote: 'USD' },
    ],
    deadAfterMs: 30_000,
    reconnectMinMs: 5_000,
    reconnectMaxMs: 60_000,
    socketFactory: factory,
    onTick: (t) => ticks.push(t),
    onSkipped: (r) => skipped.push(r),
    onEvent: (e) => events.push(e),
  });
  return { streamer, sockets, ticks, skipped, events };
}

const frame = (patch: Record<string, unknown>) => JSON.stringify({ ...tick1101, ...patch });

describe('CoinDeskStreamer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('puts the key only in the Authorization header and subscribes in the default SUBSCRIBE syntax', () => {
    const t = setup();
    t.streamer.start();
    const s = t.sockets[0];
    if (!s) throw new Error('no socket');
    expect(s.url).toBe('wss://streamer.test/');
    expect(s.headers.authorization).toBe(`Apikey ${KEY}`);
    s.handlers.onOpen();
    expect(s.sent).toHaveLength(1);
    expect(s.sent[0]).not.toContain(KEY);
    expect(JSON.parse(s.sent[0] ?? '')).toEqual({
      action: 'SUBSCRIBE',
      type: 'index_cc_v1_latest_tick',
      market: 'cadli',
      instruments: ['BTC-USD', 'ETH-USD'],
      groups: expect.arrayContaining(['VALUE', 'CURRENT_HOUR']),
    });
    expect(JSON.stringify(t.events)).not.toContain(KEY);
    t.streamer.stop();
  });

  it('subscribes with SUB_ADD and per-instrument subscriptions when that syntax is selected', () => {
    const t = setup('sub_add');
    t.streamer.start();
    t.sockets[0]?.handlers.onOpen();
    expect(JSON.parse(t.sockets[0]?.sent[0] ?? '')).toMatchObject({
      action: 'SUB_ADD',
      type: '1101',
      subscriptions: [
        { market: 'cadli', instrument: 'BTC-USD' },
        { market: 'cadli', instrument: 'ETH-USD' },
      ],
    });
    t.streamer.stop();
  });

  it('turns TYPE 1101 messages into stream ticks and is streaming only once a tick arrived', () => {
    const t = setup();
    t.streamer.start();
    const s = t.sockets[0];
    s?.handlers.onOpen();
    s?.handlers.onMessage('{"TYPE":"4005","MESSAGE":"SUBSCRIBE_COMPLETE"}');
    expect(t.streamer.isStreaming()).toBe(false);
    s?.handlers.onMessage(JSON.stringify(tick1101));
    expect(t.streamer.isStreaming()).toBe(true);
    expect(t.ticks).toEqual([
      expect.objectContaining({
        market: 'CADLI',
        base: 'BTC',
        quote: 'USD',
        price: 96012.37,
        ts: 1740304364512,
        tradeId: '183922641',
        flags: 1,
        origin: 'stream',
      }),
    ]);
    expect(t.events).toContainEqual({ kind: 'control', type: '4005' });
    t.streamer.stop();
  });

  it('skips hostile messages by reason and never reports the server words', () => {
    const t = setup();
    t.streamer.start();
    const s = t.sockets[0];
    s?.handlers.onOpen();
    const hostile = [
      'not json',
      'null',
      '[1,2]',
      `"${'x'.repeat(70_000)}"`,
      frame({ MARKET: 'ccix' }),
      frame({ MARKET: 7 }),
      frame({ INSTRUMENT: 'DOGE-USD' }),
      frame({ INSTRUMENT: { toString: 'BTC-USD' } }),
      frame({ VALUE: 'NaN' }),
      frame({ VALUE: -5 }),
      JSON.stringify(tick1101).replace('96012.37', '1e400'),
      frame({ VALUE_LAST_UPDATE_TS: -1740304364 }),
      frame({ VALUE_LAST_UPDATE_TS: 0 }),
      frame({ __proto__: { VALUE: 1 }, VALUE: null }),
    ];
    for (const text of hostile) s?.handlers.onMessage(text);
    s?.handlers.onMessage('{"TYPE":"<script>secret words</script>","MESSAGE":"leak me"}');
    expect(t.ticks).toEqual([]);
    expect(t.skipped).toEqual([
      'invalid_json',
      'not_object',
      'not_object',
      'too_large',
      'missing_identity',
      'missing_identity',
      'unknown_pair',
      'unknown_pair',
      'bad_price',
      'bad_price',
      'bad_price',
      'bad_update_time',
      'bad_update_time',
      'bad_price',
    ]);
    expect(t.events).toContainEqual({ kind: 'control', type: 'unknown' });
    expect(JSON.stringify(t.events)).not.toContain('leak me');
    t.streamer.stop();
  });

  it('reconnects no sooner than reconnectMinMs, drops a silent socket, and stops streaming meanwhile', () => {
    const t = setup();
    t.streamer.start();
    t.sockets[0]?.handlers.onOpen();
    t.sockets[0]?.handlers.onMessage(JSON.stringify(tick1101));
    t.sockets[0]?.handlers.onClose(1006, '');
    expect(t.streamer.isStreaming()).toBe(false);
    jest.advanceTimersByTime(4_999);
    expect(t.sockets).toHaveLength(1);
    jest.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(2);
    expect(t.sockets[1]?.headers.authorization).toBe(`Apikey ${KEY}`);
    t.sockets[1]?.handlers.onOpen();
    jest.advanceTimersByTime(30_000);
    expect(t.sockets[1]?.closed).toBe(true);
    expect(t.events.some((e) => e.kind === 'dead')).toBe(true);
    t.streamer.stop();
    jest.advanceTimersByTime(120_000);
    expect(t.sockets).toHaveLength(2);
  });
});
