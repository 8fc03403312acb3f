import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import type { SimEvent } from '../events';
import type { Faults } from '../faults';
import { apiKeyOf, send, sendJson, sleep } from '../http-util';
import { minuteMs } from '../market/candle';
import type { Market } from '../market/market';
import { aggregateMarket } from '../market/symbols';
import type { RateLimiter } from '../rate-limiter';

export type CoinDeskRestDeps = {
  market: Market;
  clock: Clock;
  limiter: RateLimiter;
  faults: Faults;
  apiKey: string | undefined;
  notify(event: SimEvent): void;
};

const INSTRUMENT = /^([A-Z0-9]{1,15})-([A-Z0-9]{1,15})$/;
const err = (type: number, message: string, other_info: Record<string, unknown> = {}) => ({
  Data: {},
  Err: { type, message, other_info },
});

/**
 * The CoinDesk Data API's index endpoints (apps/producer/src/sources/coindesk/FACTS.md) over the
 * simulator's aggregate index: `/coindesk/index/cc/v1/latest/tick` and `.../historical/minutes`,
 * for `market=cadli|ccix`. Key in `authorization: Apikey`, errors as `{Data, Err}` with their HTTP
 * status (401, 400, 404, 429), the same faults and per-caller budget as min-api.
 */
export async function handleCoinDeskRest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: CoinDeskRestDeps,
): Promise<void> {
  const status = deps.faults.takeStatus();
  if (status !== null) {
    deps.notify({ event: 'rest.fault_status', path: url.pathname, status });
    return sendJson(res, status, err(1, 'simulated failure'));
  }
  const delayMs = deps.faults.takeDelayMs();
  if (delayMs > 0) await sleep(delayMs);
  const key = apiKeyOf(req.headers, url.searchParams);
  if (deps.apiKey !== undefined && key !== deps.apiKey) {
    deps.notify({ event: 'rest.unauthorized', path: url.pathname });
    return sendJson(
      res,
      401,
      err(2, 'API key required, please refer to the documentation at https://developers.coindesk.com/'),
    );
  }
  const caller = key ?? `ip:${req.socket.remoteAddress ?? 'unknown'}`;
  const check = deps.limiter.hit(caller);
  if (!check.allowed) {
    deps.notify({ event: 'rest.rate_limited', path: url.pathname, callsMade: check.callsMade });
    res.setHeader('retry-after', '1');
    return sendJson(res, 429, err(3, 'You are over your rate limit please upgrade your account!'));
  }
  const q = url.searchParams;
  if (q.get('market') !== 'cadli' && q.get('market') !== 'ccix')
    return sendJson(res, 400, err(1, 'market is invalid', { param: 'market' }));
  const answer =
    url.pathname === '/coindesk/index/cc/v1/latest/tick'
      ? latest(deps, q)
      : url.pathname === '/coindesk/index/cc/v1/historical/minutes'
        ? minutes(deps, q)
        : { status: 404, body: err(1, 'Path does not exist') };
  if (answer.status === 200 && deps.faults.takeMalformed() !== null) {
    const text = JSON.stringify(answer.body);
    return send(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), 'application/json');
  }
  return sendJson(res, answer.status, answer.body);
}

function pairOf(text: string | null) {
  const m = INSTRUMENT.exec(text ?? '');
  return m?.[1] && m[2] ? { base: m[1], quote: m[2] } : null;
}

function latest(deps: CoinDeskRestDeps, q: URLSearchParams) {
  const instruments = (q.get('instruments') ?? '').split(',').filter((s) => s.length > 0);
  if (instruments.length === 0 || instruments.length > 25)
    return {
      status: 400,
      body: err(1, 'instruments must list 1 to 25 instruments', { param: 'instruments' }),
    };
  const data: Record<string, unknown> = {};
  for (const id of instruments) {
    const pair = pairOf(id);
    const snap = pair && deps.market.snapshot(aggregateMarket, pair.base, pair.quote);
    if (!snap) continue;
    data[id] = {
      TYPE: '266',
      MARKET: q.get('market'),
      INSTRUMENT: id,
      CCSEQ: Number(snap.lastTradeId),
      VALUE: snap.price,
      VALUE_FLAG: snap.flags & 1 ? 'UP' : snap.flags & 2 ? 'DOWN' : 'UNCHANGED',
      VALUE_LAST_UPDATE_TS: snap.lastUpdate,
      VALUE_LAST_UPDATE_TS_NS: 0,
      LAST_UPDATE_QUANTITY: snap.lastVolume,
      LAST_UPDATE_QUOTE_QUANTITY: snap.lastVolumeTo,
      LAST_UPDATE_CCSEQ: Number(snap.lastTradeId),
      CURRENT_DAY_VOLUME: snap.volumeDay,
      CURRENT_DAY_QUOTE_VOLUME: snap.volumeDayTo,
      CURRENT_DAY_OPEN: snap.openDay,
      CURRENT_DAY_HIGH: snap.highDay,
      CURRENT_DAY_LOW: snap.lowDay,
      MOVING_24_HOUR_VOLUME: snap.volume24h,
      MOVING_24_HOUR_QUOTE_VOLUME: snap.volume24hTo,
      MOVING_24_HOUR_OPEN: snap.open24h,
      MOVING_24_HOUR_HIGH: snap.high24h,
      MOVING_24_HOUR_LOW: snap.low24h,
    };
  }
  if (Object.keys(data).length === 0)
    return { status: 404, body: err(2, 'No instrument found', { param: 'instruments' }) };
  return { status: 200, body: { Data: data, Err: {} } };
}

function minutes(deps: CoinDeskRestDeps, q: URLSearchParams) {
  const id = q.get('instrument');
  const pair = pairOf(id);
  if (!pair || !deps.market.activate(aggregateMarket, pair.base, pair.quote))
    return { status: 404, body: err(2, 'No instrument found', { param: 'instrument' }) };
  const limit = Number(q.get('limit') ?? '30');
  if (!Number.isInteger(limit) || limit < 1 || limit > 2000)
    return { status: 400, body: err(1, 'limit must be 1 to 2000', { param: 'limit' }) };
  const now = deps.clock.now();
  const toTs = Number(q.get('to_ts') ?? Math.floor(now / 1000));
  const to = Math.min(toTs * 1000, now);
  const last = to - (to % minuteMs);
  const rows: unknown[] = [];
  for (let t = last - (limit - 1) * minuteMs; t <= last; t += minuteMs) {
    const c = deps.market.minute(aggregateMarket, pair.base, pair.quote, t);
    if (!c) continue;
    rows.push({
      UNIT: 'MINUTE',
      TIMESTAMP: t / 1000,
      TYPE: '267',
      MARKET: q.get('market'),
      INSTRUMENT: id,
      OPEN: c.open,
      HIGH: c.high,
      LOW: c.low,
      CLOSE: c.close,
      TOTAL_INDEX_UPDATES: c.trades,
      VOLUME: c.volumeFrom,
      QUOTE_VOLUME: c.volumeTo,
    });
  }
  return { status: 200, body: { Data: rows, Err: {} } };
}
