import type { SocketFactory, SocketHandlers } from './socket';
import { Streamer, type StreamerEvent, type Timers } from './streamer';

function manualTimers(start = 1_000_000) {
  let now = start;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      pending.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h) => pending.delete(h as number),
  };
  const advance = (ms: number) => {
    const target = now + ms;
    for (;;) {
      const next = [...pending.entries()]
        .filter(([, t]) => t.at <= target)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      pending.delete(next[0]);
      now = next[1].at;
      next[1].fn();
    }
    now = target;
  };
  return { timers, advance, now: () => now };
}

type FakeSocket = {
  url: string;
  headers: Record<string, string>;
  handlers: SocketHandlers;
  sent: unknown[];
  closed: boolean;
  openedAt: number;
};

function setup(over: { maxSubscriptions?: number } = {}) {
  const clock = manualTimers();
  const sockets: FakeSocket[] = [];
  const factory: SocketFactory = (url, headers, handlers) => {
    const s: FakeSocket = { url, headers, handlers, sent: [], closed: false, openedAt: clock.now() };
    sockets.push(s);
    return {
      send: (text) => s.sent.push(JSON.parse(text)),
      close: () => {
        if (s.closed) return;
        s.closed = true;
        handlers.onClose(1006, 'closed by client');
      },
    };
  };
  const events: StreamerEvent[] = [];
  const data: unknown[] = [];
  const subscribing: string[][] = [];
  let disconnects = 0;
  const streamer = new Streamer({
    url: 'ws://sim/v2',
    apiKey: 'k-123456',
    heartbeatMs: 30_000,
    heartbeatGraceMs: 5_000,
    reconnectMinMs: 5_000,
    reconnectMaxMs: 60_000,
    maxSubscriptions: over.maxSubscriptions ?? 600,
    socketFactory: factory,
    timers: clock.timers,
    onData: (f) => data.push(f),
    onSubscribing: (subs) => subscribing.push([...subs]),
    onDisconnected: () => disconnects++,
    onEvent: (e) => events.push(e),
  });
  const last = () => sockets[sockets.length - 1] as FakeSocket;
  const openLast = () => {
    last().handlers.onOpen();
    last().handlers.onMessage('{"TYPE":"20","MESSAGE":"STREAMERWELCOME","SOCKETS_REMAINING":0}');
  };
  const drop = () => {
    const s = last();
    s.closed = true;
    s.handlers.onClose(1006, 'dropped');
  };
  return {
    clock,
    sockets,
    streamer,
    events,
    data,
    subscribing,
    last,
    openLast,
    drop,
    disconnects: () => disconnects,
  };
}

describe('Streamer', () => {
  it('sends the key as a header (not in the URL) and subscribes the wanted channels on open', () => {
    const t = setup();
    t.streamer.setSubscriptions(['5~CCCAGG~BTC~USD', '24~CCCAGG~BTC~USD~m']);
    t.streamer.start();
    expect(t.last().url).toBe('ws://sim/v2');
    expect(t.last().headers).toEqual({ authorization: 'Apikey k-123456' });
    t.openLast();
    expect(t.last().sent).toEqual([{ action: 'SubAdd', subs: ['5~CCCAGG~BTC~USD', '24~CCCAGG~BTC~USD~m'] }]);
    expect(t.subscribing).toEqual([['5~CCCAGG~BTC~USD', '24~CCCAGG~BTC~USD~m']]);
    expect(t.streamer.isConnected()).toBe(true);
  });

  it('adds and removes subscriptions as the wanted set changes', () => {
    const t = setup();
    t.streamer.setSubscriptions(['a', 'b']);
    t.streamer.start();
    t.openLast();
    t.streamer.setSubscriptions(['b', 'c']);
    expect(t.last().sent.slice(1)).toEqual([
      { action: 'SubRemove', subs: ['a'] },
      { action: 'SubAdd', subs: ['c'] },
    ]);
  });

  it('forwards data frames and reports invalid ones', () => {
    const t = setup();
    t.streamer.start();
    t.openLast();
    t.last().handlers.onMessage(
      '{"TYPE":"5","MARKET":"CCCAGG","FROMSYMBOL":"BTC","TOSYMBOL":"USD","PRICE":1}',
    );
    t.last().handlers.onMessage('{oops');
    expect(t.data).toHaveLength(1);
    expect(t.events).toContainEqual({ type: 'invalid_frame', reason: 'not_json' });
  });

  it('reconnects at least 5 s after the previous attempt, with growing capped delays, and resubscribes', () => {
    const t = setup();
    t.streamer.setSubscriptions(['s']);
    t.streamer.start();
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = t.last().openedAt;
      t.drop();
      while (t.sockets[t.sockets.length - 1]?.openedAt === before) t.clock.advance(100);
      gaps.push(t.last().openedAt - before);
    }
    expect(gaps.every((g) => g >= 5_000)).toBe(true);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
    expect(gaps[5]).toBeGreaterThan(gaps[0] as number);
    expect(t.disconnects()).toBe(6);
    t.openLast();
    expect(t.last().sent).toEqual([{ action: 'SubAdd', subs: ['s'] }]);
  });

  it('declares the connection dead after two missed heartbeats and reconnects', () => {
    const t = setup();
    t.streamer.start();
    t.openLast();
    t.clock.advance(30_000);
    t.last().handlers.onMessage('{"TYPE":"999","MESSAGE":"HEARTBEAT"}');
    t.clock.advance(64_999);
    expect(t.last().closed).toBe(false);
    t.clock.advance(1);
    expect(t.events).toContainEqual({ type: 'heartbeat_missed' });
    expect(t.sockets[0]?.closed).toBe(true);
    t.clock.advance(60_000);
    expect(t.sockets).toHaveLength(2);
  });

  it('waits at least a minute after a 429 socket-limit frame', () => {
    const t = setup();
    t.streamer.start();
    t.last().handlers.onOpen();
    t.last().handlers.onMessage('{"TYPE":"429","MESSAGE":"TOO_MANY_SOCKETS_MAX_1_PER_CLIENT"}');
    expect(t.last().closed).toBe(true);
    t.clock.advance(59_999);
    expect(t.sockets).toHaveLength(1);
    t.clock.advance(1);
    expect(t.sockets).toHaveLength(2);
  });

  it('does not ask again for a refused subscription, and respects the subscription limit', () => {
    const t = setup({ maxSubscriptions: 2 });
    t.streamer.setSubscriptions(['a', 'b', 'c']);
    t.streamer.start();
    t.openLast();
    expect(t.last().sent).toEqual([{ action: 'SubAdd', subs: ['a', 'b'] }]);
    expect(t.events).toContainEqual({ type: 'subscriptions_over_limit', dropped: 1 });
    t.last().handlers.onMessage('{"TYPE":"500","MESSAGE":"INVALID_SUB","PARAMETER":"a"}');
    t.streamer.setSubscriptions(['a', 'b', 'c']);
    expect(t.last().sent.slice(1)).toEqual([{ action: 'SubAdd', subs: ['c'] }]);
  });

  it('FORCE_DISCONNECT and 401 close the socket; stop ends everything', () => {
    const t = setup();
    t.streamer.start();
    t.openLast();
    t.last().handlers.onMessage('{"TYPE":"500","MESSAGE":"FORCE_DISCONNECT"}');
    expect(t.last().closed).toBe(true);
    t.clock.advance(60_000);
    t.openLast();
    t.last().handlers.onMessage('{"TYPE":"401","MESSAGE":"UNAUTHORIZED"}');
    expect(t.last().closed).toBe(true);
    t.streamer.stop();
    t.clock.advance(600_000);
    expect(t.sockets).toHaveLength(2);
  });
});
