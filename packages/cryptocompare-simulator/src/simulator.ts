import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGuardedServer } from '@mdp/runtime/guarded-server';
import { HttpError } from '@mdp/runtime/http-error';
import { createLogger } from '@mdp/runtime/logger';
import { redactUrl } from '@mdp/runtime/redact-url';
import { handleAdmin } from './admin/router';
import type { Clock } from './clock';
import { atBoundaries, createSystemClock, every } from './clock';
import { CoinbaseFeedHub } from './coinbase/feed';
import { handleCoinbaseRest } from './coinbase/rest';
import { handleCoinDeskRest } from './coindesk/rest';
import { CoinDeskStreamerHub } from './coindesk/streamer';
import { EmittedLog } from './emitted';
import { Faults } from './faults';
import { parseUrl, sendJson } from './http-util';
import { minuteMs } from './market/candle';
import { Market } from './market/market';
import { aggregateMarket, parsePair } from './market/symbols';
import { Universe } from './market/universe';
import type { SimulatorOptions, SimulatorOptionsInput } from './options';
import { defaultRestLimits, defaultStreamerLimits, parseOptions, withDefaults } from './options';
import { RateLimiter } from './rate-limiter';
import { handleApi } from './rest/api';
import { pathError } from './rest/envelope';
import { StreamHub } from './stream/hub';

export type SimulatorAddress = {
  port: number;
  baseUrl: string;
  wsUrl: string;
  /** Coinbase Exchange's REST and WebSocket shapes over the same market (`Coinbase`). */
  coinbaseRestUrl: string;
  coinbaseWsUrl: string;
  /** CoinDesk Data API's index REST endpoints over the aggregate index. */
  coindeskBaseUrl: string;
  /** CoinDesk data-streamer (index ticks) over the aggregate index. */
  coindeskWsUrl: string;
};

export type Simulator = {
  start(): Promise<SimulatorAddress>;
  stop(): Promise<void>;
  faults: Faults;
  market: Market;
  emitted: EmittedLog;
  clock: Clock;
  /** The REST budget (also settable through faults). */
  limiter: RateLimiter;
};

/** Throws naming every pair of `options.pairs` the simulator's universe does not have. */
export function assertKnownPairs(options: SimulatorOptions, universe = new Universe(options.symbols)): void {
  const unknown = options.pairs.filter((text) => {
    const pair = parsePair(text);
    return !pair || !universe.pairExists(pair.base, pair.quote);
  });
  if (unknown.length > 0) throw new Error(`invalid simulator options: unknown pairs ${unknown.join(', ')}`);
}

/**
 * A local CryptoCompare (min-api REST and the v2 streamer) and Coinbase Exchange (REST and WebSocket
 * feed under /coinbase) on one port, over one market model.
 */
export function createSimulator(input: SimulatorOptionsInput = {}): Simulator {
  const options = parseOptions(input);
  const clock = input.clock ?? createSystemClock();
  const notify = input.onEvent ?? (() => {});
  const emitted = new EmittedLog(options.emittedCapacity);
  const universe = new Universe(options.symbols);
  const market = new Market({
    universe,
    clock,
    emitted,
    seed: options.seed,
    tickRate: options.tickRate,
    historyMinutes: options.historyMinutes,
  });
  assertKnownPairs(options, universe);
  for (const text of options.pairs) {
    const pair = parsePair(text);
    if (pair) market.activate(aggregateMarket, pair.base, pair.quote);
  }
  market.on((event) => {
    if (event.kind === 'activated')
      notify({ event: 'pair.activated', market: event.market, pair: `${event.base}-${event.quote}` });
  });
  const limiter = new RateLimiter(clock, withDefaults(defaultRestLimits, options.rateLimit));
  const openLimiter = new RateLimiter(clock, withDefaults(defaultStreamerLimits, options.streamerRateLimit));
  let hub: StreamHub | undefined;
  let coinbaseHub: CoinbaseFeedHub | undefined;
  let coindeskHub: CoinDeskStreamerHub | undefined;
  const faults = new Faults(
    {
      dropSockets: () =>
        (hub?.dropAll() ?? 0) + (coinbaseHub?.dropAll() ?? 0) + (coindeskHub?.dropAll() ?? 0),
      setRateLimit: (limits) => limiter.setLimits(limits),
      resetRateLimit: () => limiter.reset(),
      onChange: (spec) => notify({ event: 'faults.changed', spec }),
    },
    options.seed,
  );
  // The runtime's guarded server: limits, parser refusals, access lines. A refusal of the /_sim/ API
  // (an HttpError) takes the platform's error body; any other failure the emulated API's own 500.
  const server: Server = createGuardedServer({
    logger: input.logger ?? createLogger({ service: 'cryptocompare-simulator', level: 'warn' }),
    handle: (req, res) =>
      handle(req, res).catch((error: unknown) => {
        if (error instanceof HttpError) throw error;
        notify({ event: 'http.failed', path: redactUrl(req.url), error: String(error) });
        if (!res.headersSent) sendJson(res, 500, pathError());
        else res.destroy();
      }),
  });
  const apiDeps = { market, clock, limiter, faults, apiKey: options.apiKey, notify };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseUrl(req.url);
    if (!url) return sendJson(res, 400, pathError());
    if (url.pathname === '/healthz' || url.pathname === '/readyz') return sendJson(res, 200, { ok: true });
    if (url.pathname.startsWith('/_sim/')) {
      return handleAdmin(req, res, url, {
        market,
        clock,
        emitted,
        faults,
        limiter,
        socketCount: () => hub?.socketCount() ?? 0,
      });
    }
    if (url.pathname.startsWith('/coinbase/')) return handleCoinbaseRest(req, res, url, apiDeps);
    if (url.pathname.startsWith('/coindesk/')) return handleCoinDeskRest(req, res, url, apiDeps);
    return handleApi(req, res, url, apiDeps);
  }

  const stopTimers: (() => void)[] = [];
  let started = false;

  return {
    faults,
    market,
    emitted,
    clock,
    limiter,
    async start() {
      if (started) throw new Error('the simulator is already started');
      started = true;
      const streamHub = new StreamHub({
        market,
        clock,
        faults,
        notify,
        seed: options.seed,
        apiKey: options.apiKey,
        maxSocketsPerKey: options.maxSocketsPerKey,
        maxSubsPerSocket: options.maxSubsPerSocket,
        heartbeatMs: options.heartbeatMs,
        openLimiter,
      });
      hub = streamHub;
      const coinbase = new CoinbaseFeedHub({ market, clock, faults, notify });
      coinbaseHub = coinbase;
      const coindesk = new CoinDeskStreamerHub({ market, faults, notify, apiKey: options.apiKey });
      coindeskHub = coindesk;
      server.on('upgrade', (req, socket, head) => {
        const url = parseUrl(req.url);
        if (url?.pathname === '/coinbase/ws') coinbase.handleUpgrade(req, socket, head);
        else if (url?.pathname === '/coindesk/streamer') coindesk.handleUpgrade(req, socket, head, url);
        else streamHub.handleUpgrade(req, socket, head);
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      stopTimers.push(
        every(clock, 1000 / options.tickRate, () => market.step()),
        atBoundaries(clock, minuteMs, () => market.roll()),
        every(clock, options.candleUpdateMs, () => market.flushCandles()),
      );
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      const address = {
        port,
        baseUrl: `http://${host}:${port}`,
        wsUrl: `ws://${host}:${port}/v2`,
        coinbaseRestUrl: `http://${host}:${port}/coinbase`,
        coinbaseWsUrl: `ws://${host}:${port}/coinbase/ws`,
        coindeskBaseUrl: `http://${host}:${port}/coindesk`,
        coindeskWsUrl: `ws://${host}:${port}/coindesk/streamer`,
      };
      notify({
        event: 'listening',
        ...address,
        pairs: options.pairs,
        seed: options.seed,
        tickRate: options.tickRate,
      });
      return address;
    },
    async stop() {
      for (const stop of stopTimers.splice(0)) stop();
      if (!started) return;
      await hub?.close();
      await coinbaseHub?.close();
      await coindeskHub?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      notify({ event: 'stopped' });
    },
  };
}
