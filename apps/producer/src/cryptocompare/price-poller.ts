import type { PriceTick } from '@mdp/contracts/market-data';
import { AGGREGATE_MARKET } from '@mdp/contracts/symbols';
import { type Pair, pairId } from '../pairs';
import { ApiError, isApiError } from './api-error';
import { type PriceRequest, planPriceRequests } from './pricemultifull-plan';
import type { RestClient } from './rest-client';
import { parseTick, rawEntries } from './tick-parser';

export type PairFailure = { pair: Pair; reason: string };

export type PollOutcome = {
  ticks: PriceTick[];
  /** Pairs the API refused (Type 1/2): reported and left out for a while; the others keep flowing. */
  failed: PairFailure[];
  /** Pairs asked for but absent from a successful answer. */
  missing: Pair[];
  skipped: Record<string, number>;
  /** An error that stopped this poll early (rate limit, outage, bad key): back off, retry later. */
  error: ApiError | null;
};

/** One poll of `/data/pricemultifull` for `pairs`: as many calls as the parameter limits require. */
export async function pollPrices(
  client: RestClient,
  pairs: readonly Pair[],
  signal?: AbortSignal,
): Promise<PollOutcome> {
  const outcome: PollOutcome = { ticks: [], failed: [], missing: [], skipped: {}, error: null };
  const queue = planPriceRequests(pairs);
  while (queue.length > 0 && !outcome.error) {
    const request = queue.shift() as PriceRequest;
    try {
      const body = await client.getJson('/data/pricemultifull', query(request), signal);
      collect(body, request, outcome);
    } catch (e) {
      if (!isApiError(e)) throw e;
      if (e.kind === 'bad_pair' || e.kind === 'bad_param') queue.unshift(...isolate(e, request, outcome));
      else outcome.error = e;
    }
  }
  return outcome;
}

function query(request: PriceRequest): Record<string, string> {
  const q: Record<string, string> = { fsyms: request.fsyms.join(','), tsyms: request.tsyms.join(',') };
  if (request.market !== AGGREGATE_MARKET) q.e = request.market;
  return q;
}

function collect(body: unknown, request: PriceRequest, outcome: PollOutcome): void {
  const entries = rawEntries(body);
  if (!entries) {
    outcome.error = new ApiError('unexpected_shape', 'pricemultifull answer has no RAW object');
    return;
  }
  const wanted = new Map(request.pairs.map((p) => [`${p.base}-${p.quote}`, p]));
  const seen = new Set<string>();
  for (const { base, quote, raw } of entries) {
    const pair = wanted.get(`${base}-${quote}`);
    if (!pair) continue;
    seen.add(pairId(pair));
    const parsed = parseTick(raw, 'rest');
    const tick = parsed.ok ? parsed.value : null;
    const reason = !parsed.ok
      ? parsed.reason
      : tick && (tick.base !== pair.base || tick.quote !== pair.quote || tick.market !== pair.market)
        ? 'mismatched_pair'
        : null;
    if (reason) outcome.skipped[reason] = (outcome.skipped[reason] ?? 0) + 1;
    else if (tick) outcome.ticks.push(tick);
  }
  for (const p of request.pairs) if (!seen.has(pairId(p))) outcome.missing.push(p);
}

/**
 * A Type 1/2 error refuses the whole call. When it names the pair, that pair fails and the rest is
 * asked again; otherwise the call is split in halves until the bad pair stands alone.
 */
function isolate(e: ApiError, request: PriceRequest, outcome: PollOutcome): PriceRequest[] {
  const named = e.details.pair;
  const blamed = named ? request.pairs.filter((p) => p.base === named.base && p.quote === named.quote) : [];
  if (blamed.length > 0 || request.pairs.length === 1) {
    const failed = blamed.length > 0 ? blamed : request.pairs;
    for (const pair of failed) outcome.failed.push({ pair, reason: e.message });
    const rest = request.pairs.filter((p) => !failed.includes(p));
    return planPriceRequests(rest);
  }
  const half = Math.ceil(request.pairs.length / 2);
  return [
    ...planPriceRequests(request.pairs.slice(0, half)),
    ...planPriceRequests(request.pairs.slice(half)),
  ];
}
